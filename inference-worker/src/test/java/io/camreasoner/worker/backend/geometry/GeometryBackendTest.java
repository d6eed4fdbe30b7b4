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
import io.camreasoner.worker.backend.model.MeasuredWindow;
import io.camreasoner.worker.backend.model.ModelBackendFactory;
import io.camreasoner.worker.backend.model.ModelSettings;
import io.camreasoner.worker.decode.WindowDecoder;
import io.camreasoner.worker.testing.SyntheticWindows;
import java.util.List;
import org.junit.jupiter.api.Test;

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
      // the speed cues of the contract carry the reasoner's values
      assertThat(r.cues().getPanRate()).isEqualTo(direct.cues().panRate());
      assertThat(r.cues().getTiltRate()).isEqualTo(direct.cues().tiltRate());
      assertThat(r.cues().getTranslationSpeed()).isEqualTo(direct.cues().translationSpeed());
      assertThat(r.cues().getShake()).isEqualTo(direct.cues().shake());
      assertThat(r.cues().getSteadiness().toString()).isEqualTo(direct.cues().steadiness().label());
      // the camera pans right over a textured scene: content slides left
      assertThat(r.cues().getTranslationX()).isNegative();
      assertThat(r.cues().getPanRate()).isPositive();
      assertThat(r.labels()).isNotEqualTo(List.of(MotionLabel.STATIC));
      assertThat(backend.name()).isEqualTo("geometry");
    }
  }

  @Test
  void shouldFeedTheMotionFeaturesOfTheSameAnalysisToTheShippedModel() throws Exception {
    DecodedWindow w = panning(6, 8);
    GeometricReasoner.Analysis direct =
        new GeometricReasoner().analyse(GeometryBackendFactory.analysisWindow(w));

    MeasuredWindow m = factory.featureSource().measure(w);
    try (ModelBackendFactory models =
            new ModelBackendFactory(
                new ModelSettings(null, "OnnxRuntime", 0.5, 4), factory::featureSource);
        ReasonerBackend backend = models.create()) {
      BackendResult r = backend.reason(List.of(w)).get(0);

      // one analysis: the features, the geometric decision and the text all come from it
      assertThat(m.features()).isEqualTo(direct.features());
      assertThat(m.geometryScores()).isEqualTo(direct.result().scores());
      assertThat(m.geometryLabels()).isEqualTo(direct.result().labels());
      assertThat(r.observation()).isEqualTo(direct.result().observation());
      assertThat(r.cues().getTranslationX()).isEqualTo(direct.result().cues().translationX());
      // content slides left over a flat scene: the camera pans right, model and geometry agree
      assertThat(direct.result().labels()).containsExactly(MotionLabel.PAN_RIGHT);
      assertThat(r.labels()).containsExactly(MotionLabel.PAN_RIGHT);
      assertThat(r.scores().get(MotionLabel.PAN_RIGHT)).isGreaterThan(0.5);
    }
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
