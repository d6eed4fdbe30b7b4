package io.camreasoner.worker.backend.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.reasoner.GeometricReasoner;
import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.backend.model.CueFeatures;
import io.camreasoner.worker.backend.model.MlpWeights;
import io.camreasoner.worker.backend.model.ModelBackendFactory;
import io.camreasoner.worker.backend.model.ModelSettings;
import io.camreasoner.worker.backend.model.OnnxModelWriter;
import io.camreasoner.worker.decode.WindowDecoder;
import io.camreasoner.worker.testing.SyntheticWindows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeometryBackendTest {

  private final GeometryBackendFactory factory = new GeometryBackendFactory();

  private static DecodedWindow panning(int dx, int frames) throws Exception {
    FrameWindow w = SyntheticWindows.panning("cam", 0, frames, 320, 180, dx, 42);
    return new WindowDecoder().decode(w);
  }

  @Test
  void shouldReturnWhatTheGeometricReasonerConcludesForTheSameFrames() throws Exception {
    DecodedWindow w = panning(6, 6);
    ReasoningResult direct =
        new GeometricReasoner().reason(GeometryBackendFactory.analysisWindow(w));

    try (ReasonerBackend backend = factory.create()) {
      BackendResult r = backend.reason(List.of(w)).get(0);

      assertThat(r.labels()).isEqualTo(direct.labels());
      assertThat(r.scores()).isEqualTo(direct.scores());
      assertThat(r.observation()).isEqualTo(direct.observation());
      assertThat(r.thinking()).isEqualTo(direct.thinking());
      assertThat(r.answer()).isEqualTo(direct.answer());
      assertThat(r.cues().getTranslationX()).isEqualTo(direct.cues().translationX());
      assertThat(r.cues().getTrackCount()).isEqualTo(direct.cues().trackCount());
      assertThat(r.cues().getTextureScore()).isEqualTo(direct.cues().textureScore());
      // the camera pans right over a textured scene: content slides left
      assertThat(r.cues().getTranslationX()).isNegative();
      assertThat(r.labels()).isNotEqualTo(List.of(MotionLabel.STATIC));
      assertThat(backend.name()).isEqualTo("geometry");
    }
  }

  @Test
  void shouldFeedTheGeometricCuesToTheModelBackend(@TempDir Path dir) throws Exception {
    // a real ONNX model over the geometric reasoner's measurements: the plumbing the learned model
    // of a later issue plugs into
    int h = 8;
    float[][] w1 = new float[CueFeatures.COUNT][h];
    float[] b1 = new float[h];
    float[][] w2 = new float[h][MotionLabel.values().length];
    float[] b2 = new float[MotionLabel.values().length];
    for (int i = 0; i < CueFeatures.COUNT; i++) {
      w1[i][i % h] = 1f + i;
    }
    for (int j = 0; j < h; j++) {
      w2[j][j] = -2f;
    }
    Path model = dir.resolve("cues.onnx");
    OnnxModelWriter.write(new MlpWeights(w1, b1, w2, b2), "", model);
    DecodedWindow w = panning(6, 6);
    io.camreasoner.schemas.avro.MotionCues cues = factory.cueSource().measure(w);

    try (ModelBackendFactory models =
            new ModelBackendFactory(
                new ModelSettings(model, "OnnxRuntime", 0.5, 4), factory::cueSource);
        ReasonerBackend backend = models.create()) {
      BackendResult r = backend.reason(List.of(w)).get(0);

      // same measurements (cues.extra also carries the reasoner's timings, which differ per run)
      float[] x = CueFeatures.of(cues);
      assertThat(CueFeatures.of(r.cues())).containsExactly(x);
      for (MotionLabel l : MotionLabel.values()) {
        int k = l.ordinal();
        double hidden = k < h ? Math.max(0, sumOver(x, w1, k)) : 0;
        double expected = 1 / (1 + Math.exp(-(k < h ? -2 * hidden : 0)));
        assertThat(r.scores().get(l)).as("%s", l).isCloseTo(expected, within(1e-5));
      }
    }
  }

  private static double sumOver(float[] x, float[][] w1, int column) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * w1[i][column];
    }
    return s;
  }

  @Test
  void shouldCallAStillCameraStatic() throws Exception {
    try (ReasonerBackend backend = factory.create()) {
      BackendResult r = backend.reason(List.of(panning(0, 5))).get(0);

      assertThat(r.labels()).containsExactly(MotionLabel.STATIC);
      assertThat(r.cues().getTranslationX()).isCloseTo(0.0, within(0.01));
    }
  }

  @Test
  void shouldFailNonRetriableForAWindowTheReasonerCannotAnalyse() throws Exception {
    try (ReasonerBackend backend = factory.create()) {
      List<DecodedWindow> batch = List.of(panning(0, 4), panning(3, 1));

      assertThatThrownBy(() -> backend.reason(batch))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retriable()).isFalse();
                assertThat(e.windowIndex()).isEqualTo(1);
                assertThat(e.getMessage()).startsWith("window cam#0: ");
              });
    }
  }
}
