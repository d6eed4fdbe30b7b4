package io.camreasoner.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.model.MlpWeights;
import io.camreasoner.worker.backend.model.OnnxModelWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PyTorch training (DJL, CPU) on a small learnable problem with the motion descriptor's width,
 * and the export: ONNX Runtime must reproduce PyTorch's scores.
 */
class MlpTrainerTest {

  private static final int LABELS = MotionLabel.values().length;

  /** Inputs of the descriptor's width; label k is on when feature k (scaled, shifted) is > 0. */
  private static float[][][] problem(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][MotionFeatures.COUNT];
    float[][] y = new float[n][LABELS];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < MotionFeatures.COUNT; j++) {
        x[i][j] = (float) (r.nextGaussian() * (1 + j % 4) + j % 3);
      }
      for (int k = 0; k < LABELS; k++) {
        y[i][k] = x[i][k] - k % 3 > 0 ? 1 : 0;
      }
    }
    return new float[][][] {x, y};
  }

  private static final Hyperparameters HP =
      new Hyperparameters(List.of(32), 30, 10, 32, 0.01f, 1e-4f, 7);

  @Test
  void shouldLearnAndExportAModelThatOnnxRuntimeReproducesWithin1e5(@TempDir Path dir)
      throws Exception {
    float[][][] train = problem(600, 1);
    float[][][] val = problem(200, 2);

    MlpTrainer.Result r = new MlpTrainer(HP).train(train[0], train[1], val[0], val[1], e -> {});
    Path onnx = dir.resolve("m.onnx");
    OnnxModelWriter.write(r.weights(), "test", onnx);

    assertThat(r.bestEpoch()).isBetween(1, r.epochsRun());
    assertThat(r.weights().inputs()).isEqualTo(MotionFeatures.COUNT);
    assertThat(r.weights().hidden()).containsExactly(32);
    // learnt: each label is one thresholded feature; far better than always answering each
    // label's majority value
    int right = 0;
    int majority = 0;
    for (int k = 0; k < LABELS; k++) {
      int on = 0;
      for (int i = 0; i < val[0].length; i++) {
        right += (r.validationScores()[i][k] >= 0.5) == (val[1][i][k] == 1) ? 1 : 0;
        on += (int) val[1][i][k];
      }
      majority += Math.max(on, val[0].length - on);
    }
    assertThat(right - majority).isGreaterThan(val[0].length * LABELS / 10);
    // the exported graph (standardization + layers + sigmoid) reproduces PyTorch's own scores
    assertThat(TrainCommand.parity(onnx, val[0], r.validationScores()))
        .isLessThanOrEqualTo(TrainCommand.PARITY_TOLERANCE);
    // and so does the Java reference of the same weights
    for (int i = 0; i < 20; i++) {
      float[] java = r.weights().scores(val[0][i]);
      for (int k = 0; k < LABELS; k++) {
        assertThat((double) java[k]).isCloseTo(r.validationScores()[i][k], within(1e-5));
      }
    }
  }

  @Test
  void shouldTrainTheSameWeightsWhenRunTwiceWithTheSameSeed() {
    float[][][] train = problem(200, 3);
    float[][][] val = problem(50, 4);
    Hyperparameters short5 = new Hyperparameters(List.of(16), 5, 5, 32, 0.01f, 0f, 11);

    MlpWeights a =
        new MlpTrainer(short5).train(train[0], train[1], val[0], val[1], e -> {}).weights();
    MlpWeights b =
        new MlpTrainer(short5).train(train[0], train[1], val[0], val[1], e -> {}).weights();

    for (int k = 0; k < a.weights().size(); k++) {
      assertThat(a.weights().get(k)).isDeepEqualTo(b.weights().get(k));
      assertThat(a.biases().get(k)).isEqualTo(b.biases().get(k));
    }
  }

  @Test
  void shouldStandardizeWithTheTrainingMeanAndInverseDeviation() {
    float[][] x = {{1, 5}, {3, 5}, {5, 5}};

    float[][] norm = MlpTrainer.standardization(x);

    assertThat(norm[0]).containsExactly(3f, 5f);
    assertThat((double) norm[1][0]).isCloseTo(1 / Math.sqrt(8.0 / 3), within(1e-6));
    assertThat(norm[1][1]).isEqualTo(1f); // constant feature: left as it is
  }
}
