package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_TRANSPARENT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The synthetic pinhole camera every scene is seen through: a 60° horizontal field of view, the
 * principal point at the frame's centre, and a pose that follows a {@link CameraMotion} from time
 * 0. Each card reaches the frame by its plane-induced homography {@code K(t) R(t)^T M(t)}, drawn
 * far to near, so the geometry is exact: rotation and zoom move every depth by one homography,
 * translation moves near cards faster.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param look how the frames look
 */
record SceneCamera(int width, int height, Look look) {
  /** Horizontal field of view, degrees. */
  static final double HORIZONTAL_FOV_DEGREES = 60;

  /**
   * How frames look: the pixel type, the backdrop's grey level, how a card's edges reach the frame
   * and the nearest depth drawn. Each look keeps the pixels that the scenes drawn with it were
   * tuned and benchmarked on, so neither may change without re-running the benchmarks.
   *
   * @param type OpenCV pixel type of the frame
   * @param backdrop grey level where no card is seen
   * @param coverageMask true: a card covers every pixel its warped footprint touches, edge pixels
   *     blended with a black border; false: only pixels whose whole interpolation neighbourhood
   *     lies on the card (sharp edges)
   * @param nearestDepth cards nearer to the camera than this are not drawn
   */
  record Look(int type, double backdrop, boolean coverageMask, double nearestDepth) {
    /** {@link ClipRenderer}'s ground truth: colour, mid-grey backdrop, sharp edges, near cull. */
    static final Look COLOUR = new Look(CV_8UC3, 90, false, 0.3);

    /**
     * {@link LayeredScene}'s grey frames on black, every card drawn, even one the camera has
     * passed: its homography then draws it mirrored through the image centre, and one within a hair
     * of the camera fills the frame (rare: a fast dolly-in past a near card).
     */
    static final Look GREY = new Look(CV_8UC1, 0, true, Double.NEGATIVE_INFINITY);
  }

  /** Focal length in pixels (before any zoom). */
  double focal() {
    return (width / 2.0) / Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2));
  }

  /** Half the width of the view at depth z (before any zoom), in scene units. */
  double halfViewAt(double z) {
    return z * Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2));
  }

  /**
   * A frame of the cards ({@code farToNear}) as the camera sees them at time t; the Mat belongs to
   * the caller's {@link PointerScope}.
   */
  Mat frame(List<Card> farToNear, CameraMotion m, double t) {
    double b = look.backdrop();
    Mat out = new Mat(height, width, look.type(), new Scalar(b, b, b, 0));
    double f = focal() * Math.exp(Math.log1p(m.zoom()) * t);
    double[] k = {f, 0, (width - 1) / 2.0, 0, f, (height - 1) / 2.0, 0, 0, 1};
    double[] rt =
        transpose(
            rotation(
                Math.toRadians(m.yaw() * t + m.jitterAt(t, 0)),
                Math.toRadians(m.pitch() * t + m.jitterAt(t, 1)),
                Math.toRadians(m.roll() * t)));
    double cx = m.truck() * t;
    double cy = -m.pedestal() * t;
    double cz = m.dolly() * t;
    Size size = new Size(width, height);
    for (Card c : farToNear) {
      double depth = c.z() - cz;
      if (depth < look.nearestDepth()) {
        continue;
      }
      Mat tex = c.texture();
      double[] plane = {
        c.w() / tex.cols(),
        0,
        c.x0() + c.vx() * t - cx,
        0,
        c.h() / tex.rows(),
        c.y0() + c.vy() * t - cy,
        0,
        0,
        depth
      };
      try (PointerScope scope = new PointerScope()) {
        Mat hm = new Mat(3, 3, CV_64F);
        new DoublePointer(hm.data()).put(mul(k, mul(rt, plane)));
        if (look.coverageMask()) {
          Mat warped = new Mat();
          Mat mask = new Mat();
          Mat ones = new Mat(tex.rows(), tex.cols(), CV_8UC1, new Scalar(255));
          warpPerspective(tex, warped, hm, size, INTER_LINEAR, BORDER_CONSTANT, new Scalar(0));
          warpPerspective(ones, mask, hm, size, INTER_LINEAR, BORDER_CONSTANT, new Scalar(0));
          warped.copyTo(out, mask);
        } else {
          warpPerspective(tex, out, hm, size, INTER_LINEAR, BORDER_TRANSPARENT, new Scalar());
        }
      }
    }
    return out;
  }

  /** Camera-to-world rotation Ry(yaw) Rx(pitch) Rz(roll), row-major. */
  static double[] rotation(double yaw, double pitch, double roll) {
    double cy = Math.cos(yaw);
    double sy = Math.sin(yaw);
    double cp = Math.cos(pitch);
    double sp = Math.sin(pitch);
    double cr = Math.cos(roll);
    double sr = Math.sin(roll);
    double[] ry = {cy, 0, sy, 0, 1, 0, -sy, 0, cy};
    double[] rx = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
    double[] rz = {cr, -sr, 0, sr, cr, 0, 0, 0, 1};
    return mul(ry, mul(rx, rz));
  }

  static double[] mul(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int n = 0; n < 3; n++) {
          c[3 * i + j] += a[3 * i + n] * b[3 * n + j];
        }
      }
    }
    return c;
  }

  static double[] transpose(double[] a) {
    return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
  }
}
