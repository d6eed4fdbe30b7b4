package io.camreasoner.worker.backend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.testing.TestWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real ONNX model, written by {@link OnnxModelWriter}, through DJL's ONNX Runtime engine and
 * checks its scores against the same MLP computed in Java.
 */
class ModelBackendTest {

  @TempDir Path dir;

  /** Cues that differ per window, so every row of a batch is distinct. */
  private static final CueSource CUES =
      w ->
          MotionCues.newBuilder()
              .setTranslationX(0.05 * (w.windowSeq() - 2))
              .setTranslationY(-0.02 * w.windowSeq())
              .setScaleRate(0.01 * w.windowSeq())
              .setRollRate(w.windowSeq() % 2 == 0 ? null : 1.5)
              .setResidualParallax(0.003 * w.windowSeq())
              .setParallaxRatio(0.1)
              .setInlierShare(0.8)
              .setMovingObjectShare(0.05)
              .setTrackCount(100 + (int) w.windowSeq())
              .setTextureScore(0.7)
              .build();

  private static MlpWeights randomWeights(long seed) {
    Random r = new Random(seed);
    int f = CueFeatures.COUNT;
    int h = 16;
    int o = MotionLabel.values().length;
    float[][] w1 = new float[f][h];
    float[] b1 = new float[h];
    float[][] w2 = new float[h][o];
    float[] b2 = new float[o];
    for (float[] row : w1) {
      for (int j = 0; j < h; j++) {
        row[j] = (float) r.nextGaussian() * 3;
      }
    }
    for (int j = 0; j < h; j++) {
      b1[j] = (float) r.nextGaussian() * 0.5f;
    }
    for (float[] row : w2) {
      for (int j = 0; j < o; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    for (int j = 0; j < o; j++) {
      b2[j] = (float) r.nextGaussian() * 0.5f;
    }
    return new MlpWeights(w1, b1, w2, b2);
  }

  /** The model's math, in Java: sigmoid(relu(x·w1 + b1)·w2 + b2). */
  private static float[] forward(MlpWeights m, float[] x) {
    float[] h = new float[m.hidden()];
    for (int j = 0; j < h.length; j++) {
      double s = m.b1()[j];
      for (int i = 0; i < x.length; i++) {
        s += x[i] * m.w1()[i][j];
      }
      h[j] = (float) Math.max(0, s);
    }
    float[] y = new float[m.outputs()];
    for (int k = 0; k < y.length; k++) {
      double s = m.b2()[k];
      for (int j = 0; j < h.length; j++) {
        s += h[j] * m.w2()[j][k];
      }
      y[k] = (float) (1 / (1 + Math.exp(-s)));
    }
    return y;
  }

  private ModelBackendFactory factory(MlpWeights weights, int maxBatch) throws Exception {
    Path file = dir.resolve("cue-mlp.onnx");
    OnnxModelWriter.write(weights, "test cue classifier", file);
    return new ModelBackendFactory(
        new ModelSettings(file, "OnnxRuntime", 0.5, maxBatch), () -> CUES);
  }

  private static List<DecodedWindow> windows(int n) {
    List<DecodedWindow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestWindows.decoded("s", i, 2, 1));
    }
    return out;
  }

  @Test
  void shouldScoreWindowsWithTheOnnxModelExactlyAsTheJavaMath() throws Exception {
    MlpWeights weights = randomWeights(7);
    try (ModelBackendFactory f = factory(weights, 3);
        ReasonerBackend backend = f.create()) {
      assertThat(f.engineName()).isEqualTo("OnnxRuntime");
      List<DecodedWindow> batch = windows(7); // 3 + 3 + 1 model calls

      List<BackendResult> results = backend.reason(batch);

      assertThat(results).hasSize(7);
      for (int i = 0; i < batch.size(); i++) {
        MotionCues cues = CUES.measure(batch.get(i));
        float[] expected = forward(weights, CueFeatures.of(cues));
        BackendResult r = results.get(i);
        for (MotionLabel l : MotionLabel.values()) {
          assertThat(r.scores().get(l))
              .as("%s of window %d", l, i)
              .isCloseTo(expected[l.ordinal()], within(1e-5));
        }
        assertThat(r.labels()).isEqualTo(ModelBackend.choose(r.scores(), 0.5)).isNotEmpty();
        assertThat(r.cues()).isEqualTo(cues);
        assertThat(r.answer())
            .isEqualTo(String.join(", ", r.labels().stream().map(MotionLabel::label).toList()));
        assertThat(r.observation()).contains(cues.getTrackCount() + " tracks");
      }
      // different cues give different scores: the model is really evaluated per row
      assertThat(results.get(0).scores()).isNotEqualTo(results.get(4).scores());
      assertThat(backend.modelVersion()).matches("cue-mlp\\.onnx@[0-9a-f]{12}");
    }
  }

  @Test
  void shouldGiveEveryThreadItsOwnPredictorWithIdenticalResults() throws Exception {
    try (ModelBackendFactory f = factory(randomWeights(11), 8)) {
      List<DecodedWindow> batch = windows(6);
      CompletableFuture<List<BackendResult>> a = CompletableFuture.supplyAsync(() -> run(f, batch));
      CompletableFuture<List<BackendResult>> b = CompletableFuture.supplyAsync(() -> run(f, batch));

      assertThat(a.get()).isEqualTo(b.get());
    }
  }

  private static List<BackendResult> run(ModelBackendFactory f, List<DecodedWindow> batch) {
    try (ReasonerBackend backend = f.create()) {
      List<BackendResult> out = new ArrayList<>();
      for (BackendResult r : backend.reason(batch)) {
        out.add(r.withInferenceMillis(0));
      }
      return out;
    } catch (BackendException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldReportTheWindowWhoseCuesCannotBeMeasured() throws Exception {
    Path file = dir.resolve("m.onnx");
    OnnxModelWriter.write(randomWeights(3), "", file);
    CueSource failing =
        w -> {
          if (w.windowSeq() == 2) {
            throw new BackendException("no texture", false, 0, null);
          }
          return CUES.measure(w);
        };
    try (ModelBackendFactory f =
            new ModelBackendFactory(new ModelSettings(file, "OnnxRuntime", 0.5, 2), () -> failing);
        ReasonerBackend backend = f.create()) {
      assertThatThrownBy(() -> backend.reason(windows(4)))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.windowIndex()).isEqualTo(2));
    }
  }

  @Test
  void shouldNameModelAndEngineWhenTheModelCannotBeLoaded() throws Exception {
    Path bogus = dir.resolve("bogus.onnx");
    java.nio.file.Files.writeString(bogus, "this is not an onnx model");

    assertThatThrownBy(
            () ->
                new ModelBackendFactory(
                    new ModelSettings(bogus, "OnnxRuntime", 0.5, 4), () -> CUES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load model.path " + bogus + " with engine OnnxRuntime");
  }

  @Test
  void shouldNameTheEngineWhenItCannotRunOnThisHost() throws Exception {
    // TensorRT needs a GPU (and, without -Ptensorrt, DJL's engine is not even on the classpath)
    Path file = dir.resolve("trt.onnx");
    OnnxModelWriter.write(randomWeights(5), "", file);

    assertThatThrownBy(
            () -> new ModelBackendFactory(new ModelSettings(file, "TensorRT", 0.5, 4), () -> CUES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("with engine TensorRT");
  }

  @Test
  void shouldKeepTheStrongerDirectionPerFamilyAboveThreshold() {
    Map<MotionLabel, Double> s = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      s.put(l, 0.1);
    }
    s.put(MotionLabel.PAN_LEFT, 0.8);
    s.put(MotionLabel.PAN_RIGHT, 0.6);
    s.put(MotionLabel.TILT_UP, 0.55);
    assertThat(ModelBackend.choose(s, 0.5))
        .containsExactly(MotionLabel.PAN_LEFT, MotionLabel.TILT_UP);

    s.put(MotionLabel.STATIC, 0.9);
    assertThat(ModelBackend.choose(s, 0.5)).containsExactly(MotionLabel.STATIC);

    s.put(MotionLabel.STATIC, 0.2);
    s.put(MotionLabel.PAN_LEFT, 0.3);
    s.put(MotionLabel.PAN_RIGHT, 0.3);
    s.put(MotionLabel.TILT_UP, 0.45);
    assertThat(ModelBackend.choose(s, 0.5)).containsExactly(MotionLabel.TILT_UP);
  }
}
