package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A virtual camera inside real still-camera footage: it turns (pan, tilt, roll) and zooms about the
 * footage camera's own centre, so each output frame is the footage frame of the same moment seen
 * through the homography {@code K_out R^T K_src^-1} (exact for rotation and zoom, whatever the
 * scene's depth). Whatever moves in the footage (people walking) keeps moving on its own: the
 * benchmark's "real footage under virtual motion" clips. The camera cannot translate: that would
 * need the scene's depth.
 *
 * <p>The footage is the caller's 8-bit grey frames at {@code footageFps}; this class never closes
 * them. Not thread-safe.
 */
public final class FootageCamera {

  /** Field of view assumed for the footage camera, degrees (a typical fixed surveillance lens). */
  static final double FOOTAGE_FOV_DEGREES = 60;

  private final List<Mat> footage;
  private final double footageFps;
  private final int width;
  private final int height;
  private final double viewShare;
  private final SensorNoise noise;
  private final Random random;

  /**
   * @param footage grey frames of a still camera, all of one size
   * @param footageFps their frame rate
   * @param width output frame width
   * @param height output frame height
   * @param viewShare share of the footage's width the output shows at time 0 (e.g. 0.6): room left
   *     for the virtual camera to turn
   * @param seed seed of the sensor noise
   */
  public FootageCamera(
      List<Mat> footage, double footageFps, int width, int height, double viewShare, long seed) {
    if (footage.isEmpty()) {
      throw new IllegalArgumentException("no footage frames");
    }
    if (!(viewShare > 0 && viewShare <= 1) || !(footageFps > 0)) {
      throw new IllegalArgumentException(
          "viewShare must lie in (0, 1] and fps be positive: " + viewShare + ", " + footageFps);
    }
    this.footage = List.copyOf(footage);
    this.footageFps = footageFps;
    this.width = width;
    this.height = height;
    this.viewShare = viewShare;
    this.noise = SensorNoise.OPENCV_PER_FRAME;
    this.random = new Random(seed);
  }

  /** Number of footage frames. */
  public int footageFrames() {
    return footage.size();
  }

  /**
   * Renders {@code count} frames from footage frame {@code start} on: frame {@code i} is time
   * {@code i * step / footageFps} s, showing the footage frame of that moment under the virtual
   * camera's motion (rotation and zoom only), with sensor noise of {@code noiseSigma}.
   *
   * @throws IllegalArgumentException if the motion translates or the footage is too short
   */
  public <F> List<F> render(
      CameraMotion motion,
      int start,
      int count,
      int step,
      double noiseSigma,
      GreyFrameFactory<F> frames) {
    Objects.requireNonNull(motion, "motion");
    if (motion.translates()) {
      throw new IllegalArgumentException("a camera inside footage can only turn and zoom");
    }
    if (start < 0 || start + (long) (count - 1) * step >= footage.size()) {
      throw new IllegalArgumentException(
          "frames " + start + ".." + (start + (count - 1) * step) + " of " + footage.size());
    }
    Mat first = footage.get(0);
    double srcFocal = (first.cols() / 2.0) / Math.tan(Math.toRadians(FOOTAGE_FOV_DEGREES / 2));
    double[] kSrcInv = {
      1 / srcFocal,
      0,
      -(first.cols() - 1) / 2.0 / srcFocal,
      0,
      1 / srcFocal,
      -(first.rows() - 1) / 2.0 / srcFocal,
      0,
      0,
      1
    };
    double baseFocal = srcFocal * width / (viewShare * first.cols());
    List<F> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long frameNumber = (long) i * step;
      double t = frameNumber / footageFps;
      double f = baseFocal * Math.exp(Math.log1p(motion.zoom()) * t);
      double[] k = {f, 0, (width - 1) / 2.0, 0, f, (height - 1) / 2.0, 0, 0, 1};
      double[] rt =
          SceneCamera.transpose(
              SceneCamera.rotation(
                  Math.toRadians(motion.yaw() * t),
                  Math.toRadians(motion.pitch() * t),
                  Math.toRadians(motion.roll() * t)));
      byte[] gray = new byte[width * height];
      try (PointerScope scope = new PointerScope()) {
        Mat hm = new Mat(3, 3, CV_64F);
        new DoublePointer(hm.data()).put(SceneCamera.mul(k, SceneCamera.mul(rt, kSrcInv)));
        Mat frame = new Mat();
        warpPerspective(
            footage.get(start + i * step),
            frame,
            hm,
            new Size(width, height),
            INTER_LINEAR,
            BORDER_CONSTANT,
            new Scalar(0));
        if (noiseSigma > 0) {
          noise.addTo(frame, noiseSigma, random);
        }
        frame.data().get(gray);
      }
      out.add(frames.frame(gray, width, height, frameNumber, Math.round(t * 1e6)));
    }
    return out;
  }
}
