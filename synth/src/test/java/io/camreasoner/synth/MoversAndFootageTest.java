package io.camreasoner.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** Independently moving objects in layered scenes, and a virtual camera inside footage. */
class MoversAndFootageTest {

  private record Frame(byte[] gray, int width, int height, long frameNumber, long micros) {}

  private static double differingShare(byte[] a, byte[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] != b[i] ? 1 : 0;
    }
    return n / (double) a.length;
  }

  @Test
  void shouldCoverAboutTheRequestedShareWhenMoversAreAdded() {
    double sum = 0;
    for (long seed = 1; seed <= 6; seed++) {
      try (LayeredScene still = new LayeredScene(320, 180, seed, SensorNoise.PER_PIXEL);
          LayeredScene moving = new LayeredScene(320, 180, seed, SensorNoise.PER_PIXEL)) {
        byte[] a =
            still.background(10).render(CameraMotion.STATIC, 25, 1, 1, 0, Frame::new).get(0).gray();
        byte[] b =
            moving
                .background(10)
                .movers(0.3, 3, 7)
                .render(CameraMotion.STATIC, 25, 1, 1, 0, Frame::new)
                .get(0)
                .gray();
        sum += differingShare(a, b);
      }
    }
    // groups start anywhere within 1.2 half-views of the centre: some are still outside the view
    assertThat(sum / 6).isBetween(0.12, 0.40);
  }

  @Test
  void shouldMoveMoversOnTheirOwnWhenTheCameraIsStill() {
    try (LayeredScene scene =
        new LayeredScene(320, 180, 3, SensorNoise.PER_PIXEL).background(10).movers(0.2, 3, 7)) {
      List<Frame> frames = scene.render(CameraMotion.STATIC, 25, 2, 25, 0, Frame::new);
      double changed = differingShare(frames.get(0).gray(), frames.get(1).gray());
      assertThat(changed).isBetween(0.02, 0.6);
    }
  }

  @Test
  void shouldRejectCoverageOutsideTheUnitInterval() {
    try (LayeredScene scene = new LayeredScene(320, 180, 3, SensorNoise.PER_PIXEL)) {
      assertThatThrownBy(() -> scene.movers(1.2, 3, 7))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("coverage");
    }
  }

  @Test
  void shouldSlideFootageContentLeftByTheFocalLengthWhenTheVirtualCameraPansRight() {
    Mat dot = new Mat(300, 400, CV_8UC1, new Scalar(0));
    dot.ptr(149, 199).put((byte) 255);
    dot.ptr(150, 200).put((byte) 255);
    FootageCamera camera = new FootageCamera(List.of(dot, dot, dot), 10, 160, 90, 0.5, 1);
    List<Frame> frames =
        camera.render(
            CameraMotion.STATIC.plus(io.camreasoner.schemas.MotionLabel.PAN_RIGHT, 10),
            0,
            2,
            2,
            0,
            Frame::new);
    // 0.2 s at 10 °/s = 2°: the output focal is 160 / (0.5 * 400) times the footage's
    double footageFocal = 200 / Math.tan(Math.toRadians(30));
    double expectedShift = footageFocal * 0.8 * Math.tan(Math.toRadians(2));
    assertThat(brightestX(frames.get(0)) - brightestX(frames.get(1)))
        .isCloseTo(expectedShift, org.assertj.core.data.Offset.offset(1.0));
    dot.close();
  }

  @Test
  void shouldRefuseToTranslateInsideFootage() {
    Mat grey = new Mat(120, 160, CV_8UC1, new Scalar(90));
    FootageCamera camera = new FootageCamera(List.of(grey, grey), 10, 64, 36, 0.6, 1);
    assertThatThrownBy(
            () ->
                camera.render(
                    CameraMotion.STATIC.plus(io.camreasoner.schemas.MotionLabel.TRUCK_LEFT, 1),
                    0,
                    2,
                    1,
                    0,
                    Frame::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("turn and zoom");
    grey.close();
  }

  private static double brightestX(Frame f) {
    double sum = 0;
    double weight = 0;
    for (int i = 0; i < f.gray().length; i++) {
      int v = f.gray()[i] & 0xff;
      sum += v * (i % f.width());
      weight += v;
    }
    return sum / weight;
  }
}
