package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.LayeredScene;
import io.camreasoner.synth.SensorNoise;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Direction conventions and the confusable pairs, on freshly rendered 3D scenes (tuning seeds
 * 1..99; the accuracy benchmark uses other seeds).
 */
class GeometricReasonerTest {

  private static final double FPS = 25;
  private final GeometricReasoner reasoner = new GeometricReasoner();

  static LayeredScene scene3d(long seed) {
    return new LayeredScene(320, 180, seed, SensorNoise.PER_PIXEL).background(10).cards(6, 3, 6);
  }

  /** 16 frames of the scene, every second one at 25 fps, with noise; closes the scene. */
  static AnalysisWindow window(LayeredScene scene, CameraMotion motion) {
    try (scene) {
      return new AnalysisWindow(scene.render(motion, FPS, 16, 2, 1.5, AnalysisFrame::new), FPS);
    }
  }

  /**
   * The camera motion of a label at the rates these tests were tuned on: pan 6 °/s, tilt 5 °/s,
   * roll 8 °/s, dolly 1 and truck 1.2 and pedestal 1 unit/s, zoom a focal length growing or
   * shrinking by a factor e^0.15 per second.
   */
  static CameraMotion singleMotion(MotionLabel label) {
    return switch (label.kind()) {
      case STATIC -> CameraMotion.STATIC;
      case PAN -> CameraMotion.STATIC.plus(label, 6);
      case TILT -> CameraMotion.STATIC.plus(label, 5);
      case ROLL -> CameraMotion.STATIC.plus(label, 8);
      case ZOOM -> new CameraMotion(0, 0, 0, 0, 0, 0, Math.expm1(label.direction() * 0.15));
      case DOLLY, PEDESTAL -> CameraMotion.STATIC.plus(label, 1.0);
      case TRUCK -> CameraMotion.STATIC.plus(label, 1.2);
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MotionLabel.class)
  void shouldNameEachSingleMotionWithItsDirectionWhenSceneIs3d(MotionLabel expected) {
    CameraMotion motion = singleMotion(expected);
    for (long seed = 1; seed <= 3; seed++) {
      ReasoningResult r = reasoner.reason(window(scene3d(seed), motion));
      assertThat(r.labels())
          .as("seed %d: %s %s", seed, r.thinking(), r.cues())
          .containsExactly(expected);
      assertThat(r.score(expected)).isGreaterThan(0.4);
    }
  }

  @Test
  void shouldStayStaticWhenObjectsMoveInFrontOfStillCamera() {
    for (long seed = 11; seed <= 14; seed++) {
      LayeredScene scene =
          new LayeredScene(320, 180, seed, SensorNoise.PER_PIXEL)
              .background(10)
              .cards(3, 4, 6)
              .movingCard(4, -1, 0, 0.9, 1.5, 0)
              .movingCard(5, 1, 0.3, 0.8, -0.8, -0.4);
      ReasoningResult r = reasoner.reason(window(scene, CameraMotion.STATIC));
      assertThat(r.labels()).as(r.thinking()).containsExactly(MotionLabel.STATIC);
      assertThat(r.cues().movingObjectShare() + r.cues().extra().get("parallaxShare"))
          .isGreaterThan(0.02);
    }
  }

  @Test
  void shouldReportBothLabelsWhenPanAndTiltCombine() {
    ReasoningResult r =
        reasoner.reason(
            window(
                scene3d(21),
                CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 6).plus(MotionLabel.TILT_UP, 5)));
    assertThat(r.labels()).containsExactlyInAnyOrder(MotionLabel.PAN_RIGHT, MotionLabel.TILT_UP);
  }

  @Test
  void shouldWriteOtaTextWhoseAnswerMatchesTheLabels() {
    ReasoningResult r =
        reasoner.reason(
            window(scene3d(31), CameraMotion.STATIC.plus(MotionLabel.TRUCK_RIGHT, 1.2)));
    OtaText ota = OtaText.parse(r.otaText());
    assertThat(ota.observation()).contains("frame-widths/s").contains("tracks");
    assertThat(ota.thinking()).contains("pan-right would show none");
    assertThat(ota.answerLabels()).isEqualTo(r.labels());
  }

  @Test
  void shouldAnswerLowConfidenceStaticWhenTheWindowHasNoTexture() {
    int w = 320;
    int h = 180;
    java.util.Random noise = new java.util.Random(5);
    List<AnalysisFrame> frames = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte[] px = new byte[w * h];
      for (int p = 0; p < px.length; p++) {
        // a smooth vignette with sensor noise: nothing a tracker can hold on to
        double v = 120 + 40 * Math.cos((p % w - w / 2.0) / w * Math.PI);
        px[p] = (byte) Math.round(v + noise.nextGaussian() * 1.5);
      }
      frames.add(new AnalysisFrame(px, w, h, i, i * 40_000L));
    }
    ReasoningResult r = reasoner.reason(new AnalysisWindow(frames, FPS));
    assertThat(r.labels()).containsExactly(MotionLabel.STATIC);
    assertThat(r.confidence()).isLessThan(0.3);
    assertThat(r.thinking()).contains("too little trackable detail");
  }

  @Test
  void shouldNamePanAtHighResolutionAndFrameRateWithDroppedFrames() {
    List<AnalysisFrame> dropped;
    try (LayeredScene scene =
        new LayeredScene(1280, 720, 41, SensorNoise.PER_PIXEL).background(10).cards(6, 3, 6)) {
      CameraMotion pan = CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 8);
      dropped = new java.util.ArrayList<>(scene.render(pan, 60, 18, 4, 2.0, AnalysisFrame::new));
    }
    dropped.remove(9);
    dropped.remove(4);
    ReasoningResult r = reasoner.reason(new AnalysisWindow(dropped, 60));
    assertThat(r.labels()).containsExactly(MotionLabel.PAN_RIGHT);
    // 8 °/s with a 60° field of view is about 0.13 frame-widths/s whatever the size and rate
    assertThat(-r.cues().translationX()).isBetween(0.10, 0.16);
  }

  @Test
  void shouldNameTruckFromJpegCompressedFrames() {
    List<AnalysisFrame> raw;
    try (LayeredScene scene = scene3d(51)) {
      CameraMotion truck = CameraMotion.STATIC.plus(MotionLabel.TRUCK_RIGHT, 1.2);
      raw = scene.render(truck, FPS, 16, 2, 1.0, AnalysisFrame::new);
    }
    List<AnalysisFrame> jpeg = raw.stream().map(GeometricReasonerTest::jpeg).toList();
    ReasoningResult r = reasoner.reason(new AnalysisWindow(jpeg, FPS));
    assertThat(r.labels()).as("%s", r.cues()).containsExactly(MotionLabel.TRUCK_RIGHT);
  }

  private static AnalysisFrame jpeg(AnalysisFrame f) {
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      org.bytedeco.opencv.opencv_core.Mat m =
          new org.bytedeco.opencv.opencv_core.Mat(
              f.height(),
              f.width(),
              org.bytedeco.opencv.global.opencv_core.CV_8UC1,
              new org.bytedeco.javacpp.BytePointer(f.gray()));
      org.bytedeco.javacpp.BytePointer buf = new org.bytedeco.javacpp.BytePointer();
      org.bytedeco.opencv.global.opencv_imgcodecs.imencode(
          ".jpg",
          m,
          buf,
          new org.bytedeco.javacpp.IntPointer(
              org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 60));
      byte[] bytes = new byte[(int) buf.limit()];
      buf.get(bytes);
      return Frames.fromJpeg(bytes, f.frameNumber(), f.timestampMicros());
    }
  }

  @Test
  void shouldRejectEmptyWindow() {
    assertThatThrownBy(() -> reasoner.reason(new AnalysisWindow(List.of(), FPS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty window");
  }

  @Test
  void shouldRejectSingleFrameWindow() {
    AnalysisFrame one = new AnalysisFrame(new byte[64 * 48], 64, 48, 7, 0);
    assertThatThrownBy(() -> reasoner.reason(new AnalysisWindow(List.of(one), FPS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one frame");
  }

  @Test
  void shouldRejectFramesOfDifferentSizes() {
    AnalysisFrame a = new AnalysisFrame(new byte[64 * 48], 64, 48, 0, 0);
    AnalysisFrame b = new AnalysisFrame(new byte[80 * 48], 80, 48, 1, 40_000);
    assertThatThrownBy(() -> reasoner.reason(new AnalysisWindow(List.of(a, b), FPS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share a size")
        .hasMessageContaining("80x48");
  }
}
