package io.camreasoner.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layered scenes' frames. The pixels of the scenes the benchmark's varied clips and the reasoner's
 * tests were tuned on are pinned by checksum: the expected values were taken from the renderers
 * this class replaced (the bench's {@code SceneRenderer} and the reasoner tests' own {@code
 * LayeredScene}), with OpenCV 4.11 on x86-64. A change that moves a pixel must be deliberate:
 * re-run {@code camreasoner bench accuracy --source varied}, then update the value.
 */
class LayeredSceneTest {

  /** A grey frame with where it came from. */
  private record Frame(byte[] gray, int width, int height, long frameNumber, long micros) {}

  private static String checksum(List<Frame> frames) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (Frame f : frames) {
      md.update(f.gray());
      String where = f.width() + "x" + f.height() + "@" + f.frameNumber() + "/" + f.micros();
      md.update(where.getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 20);
  }

  @Test
  void shouldRenderTheBenchmarkPixelsWhenAStressSceneUsesOpenCvNoise() throws Exception {
    // every feature of the varied clips: cards passing behind the camera under a fast dolly-in,
    // a moving card, rotation about all axes, truck, pedestal and zoom at once
    CameraMotion motion = new CameraMotion(4, -3, 5, 0.6, 0.4, 3.0, Math.expm1(0.15));
    try (LayeredScene scene =
        new LayeredScene(640, 360, 7, SensorNoise.OPENCV_PER_FRAME)
            .background(10)
            .cards(5, 2.5, 6)
            .movingCard(4, -0.5, 0.2, 0.8, 1.0, -0.3)) {
      assertThat(checksum(scene.render(motion, 10, 6, 2, 2.0, Frame::new)))
          .isEqualTo("be6fc24c7221a9f8516f");
    }
  }

  @Test
  void shouldRenderTheReasonerTestPixelsWhenAStressSceneUsesPerPixelNoise() throws Exception {
    CameraMotion motion = new CameraMotion(0, 0, 8, 1.2, -1.0, 0, Math.expm1(-0.15));
    try (LayeredScene scene =
        new LayeredScene(320, 180, 3, SensorNoise.PER_PIXEL).background(10).cards(6, 3, 6)) {
      assertThat(checksum(scene.render(motion, 25, 5, 2, 1.5, Frame::new)))
          .isEqualTo("f36d1021c18e37c650ab");
    }
  }

  @Test
  void shouldNumberAndTimeFramesBySamplingStepWhenRendered() {
    try (LayeredScene scene =
        new LayeredScene(160, 90, 1, SensorNoise.PER_PIXEL).background(10).cards(2, 3, 6)) {
      List<Frame> frames = scene.render(CameraMotion.STATIC, 50, 3, 4, 0, Frame::new);
      assertThat(frames).extracting(Frame::frameNumber).containsExactly(0L, 4L, 8L);
      assertThat(frames).extracting(Frame::micros).containsExactly(0L, 80_000L, 160_000L);
      assertThat(frames.get(0).gray()).hasSize(160 * 90);
      // a still camera over still cards without noise: nothing changes
      assertThat(frames.get(2).gray()).isEqualTo(frames.get(0).gray());
    }
  }

  @ParameterizedTest
  @EnumSource(SensorNoise.class)
  void shouldAddNoiseOfTheRequestedSpreadWhenSigmaIsSet(SensorNoise noise) {
    List<Frame> clean;
    List<Frame> noisy;
    try (LayeredScene a = new LayeredScene(320, 180, 9, noise).background(10).cards(4, 3, 6);
        LayeredScene b = new LayeredScene(320, 180, 9, noise).background(10).cards(4, 3, 6)) {
      clean = a.render(CameraMotion.STATIC, 25, 2, 1, 0, Frame::new);
      noisy = b.render(CameraMotion.STATIC, 25, 2, 1, 2.0, Frame::new);
    }
    byte[] c = clean.get(1).gray();
    byte[] n = noisy.get(1).gray();
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < c.length; i++) {
      int d = (n[i] & 0xff) - (c[i] & 0xff);
      sum += d;
      squares += d * d;
    }
    double mean = sum / c.length;
    // rounding to whole grey levels adds 1/12 to the variance: sqrt(4 + 1/12) = 2.02
    assertThat(mean).isBetween(-0.05, 0.05);
    assertThat(Math.sqrt(squares / c.length - mean * mean)).isBetween(1.95, 2.09);
  }
}
