package io.camreasoner.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import io.camreasoner.reasoner.AnalysisFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The accuracy benchmark's renderer of true 3D scenes made of textured fronto-parallel planes (a
 * far background and nearer cards) seen by a pinhole camera (60° horizontal field of view). Each
 * plane maps to the image by its plane-induced homography K R^T M, so rotation and zoom are exact
 * homographies and translation gives exact, depth-dependent parallax. Camera axes: x right, y down,
 * z forward; pan-right = +yaw (forward turns to +x), tilt-up = +pitch (forward turns to -y),
 * roll-cw = +roll (top turns to +x), truck-right = +x, pedestal-up = -y, dolly-in = +z, zoom-in =
 * growing focal length.
 */
final class SceneRenderer {

  /**
   * A textured card at depth z covering [x0, x0+w] x [y0, y0+h] in world units, moving at (vx, vy).
   */
  record Layer(
      byte[] texture,
      int size,
      double x0,
      double y0,
      double w,
      double h,
      double z,
      double vx,
      double vy) {}

  /** Camera motion rates per second (angles in degrees, zoom as relative focal change). */
  record Motion(
      double yaw, double pitch, double roll, double vx, double vy, double vz, double zoom) {
    static Motion none() {
      return new Motion(0, 0, 0, 0, 0, 0, 0);
    }
  }

  final int width;
  final int height;
  final double focal;
  final List<Layer> layers = new ArrayList<>();
  private final Random random;

  SceneRenderer(int width, int height, long seed) {
    this.width = width;
    this.height = height;
    this.focal = (width / 2.0) / Math.tan(Math.toRadians(30));
    this.random = new Random(seed);
  }

  /** Adds the far background: a big card at depth z. */
  SceneRenderer background(double z) {
    double half = z * 2.5;
    layers.add(new Layer(texture(512), 512, -half, -half, 2 * half, 2 * half, z, 0, 0));
    return this;
  }

  /** Adds n near cards at depths in [zNear, zFar], placed across the view. */
  SceneRenderer cards(int n, double zNear, double zFar) {
    for (int i = 0; i < n; i++) {
      double z = zNear + random.nextDouble() * (zFar - zNear);
      double halfView = z * Math.tan(Math.toRadians(30));
      double size = z * (0.12 + 0.1 * random.nextDouble());
      double cx = (random.nextDouble() * 1.6 - 0.8) * halfView;
      double cy = (random.nextDouble() * 1.2 - 0.6) * halfView * height / width;
      layers.add(new Layer(texture(128), 128, cx - size / 2, cy - size / 2, size, size, z, 0, 0));
    }
    return this;
  }

  /** Adds a card at depth z moving at (vx, vy) world units per second. */
  SceneRenderer movingCard(double z, double cx, double cy, double size, double vx, double vy) {
    layers.add(new Layer(texture(128), 128, cx - size / 2, cy - size / 2, size, size, z, vx, vy));
    return this;
  }

  /** Renders frames at the given times (seconds) as grey frames with frame numbers at fps. */
  List<AnalysisFrame> render(Motion motion, double fps, int count, int step, double noise) {
    List<AnalysisFrame> out = new ArrayList<>();
    List<Layer> order = new ArrayList<>(layers);
    order.sort(Comparator.comparingDouble(Layer::z).reversed());
    Random noiseRandom = new Random(random.nextLong());
    for (int i = 0; i < count; i++) {
      long frameNumber = (long) i * step;
      double t = frameNumber / fps;
      out.add(
          new AnalysisFrame(
              renderAt(motion, t, order, noise, noiseRandom),
              width,
              height,
              frameNumber,
              Math.round(t * 1e6)));
    }
    return out;
  }

  private byte[] renderAt(Motion m, double t, List<Layer> order, double noise, Random nr) {
    try (PointerScope scope = new PointerScope()) {
      Mat out = new Mat(height, width, CV_8UC1, new Scalar(0));
      double f = focal * Math.exp(m.zoom() * t);
      double[] k = {f, 0, (width - 1) / 2.0, 0, f, (height - 1) / 2.0, 0, 0, 1};
      double[] r =
          rotation(
              Math.toRadians(m.yaw() * t),
              Math.toRadians(m.pitch() * t),
              Math.toRadians(m.roll() * t));
      double[] rt = transpose(r);
      double cx = m.vx() * t;
      double cy = m.vy() * t;
      double cz = m.vz() * t;
      for (Layer l : order) {
        double sx = l.w() / l.size();
        double sy = l.h() / l.size();
        double[] mm = {
          sx, 0, l.x0() + l.vx() * t - cx, 0, sy, l.y0() + l.vy() * t - cy, 0, 0, l.z() - cz
        };
        double[] h = mul(k, mul(rt, mm));
        Mat hm = new Mat(3, 3, CV_64F);
        new DoublePointer(hm.data()).put(h);
        Mat tex = new Mat(l.size(), l.size(), CV_8UC1, new BytePointer(l.texture()));
        Mat warped = new Mat();
        Mat mask = new Mat();
        Mat ones = new Mat(l.size(), l.size(), CV_8UC1, new Scalar(255));
        Size size = new Size(width, height);
        warpPerspective(tex, warped, hm, size, INTER_LINEAR, 0, new Scalar(0));
        warpPerspective(ones, mask, hm, size, INTER_LINEAR, 0, new Scalar(0));
        warped.copyTo(out, mask);
      }
      if (noise > 0) {
        Mat gauss = new Mat(height, width, CV_8UC1);
        // Seeded per frame from the scene's own random source, so clips stay reproducible.
        org.bytedeco.opencv.opencv_core.RNG rng =
            new org.bytedeco.opencv.opencv_core.RNG(nr.nextLong());
        Mat n16 = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_16SC1);
        rng._fill(
            n16,
            org.bytedeco.opencv.opencv_core.RNG.NORMAL,
            new Mat(1, 1, CV_64F, new Scalar(0)),
            new Mat(1, 1, CV_64F, new Scalar(noise)));
        Mat o16 = new Mat();
        out.convertTo(o16, org.bytedeco.opencv.global.opencv_core.CV_16SC1);
        org.bytedeco.opencv.global.opencv_core.add(o16, n16, o16);
        o16.convertTo(gauss, CV_8UC1);
        out = gauss;
      }
      byte[] px = new byte[width * height];
      out.data().get(px);
      return px;
    }
  }

  /** Multi-scale random texture, size x size grey pixels. */
  private byte[] texture(int size) {
    try (PointerScope scope = new PointerScope()) {
      byte[] result = new byte[size * size];
      double[] sum = new double[size * size];
      int[] cells = {size / 32, size / 8, size / 2};
      double[] weights = {0.5, 0.3, 0.2};
      for (int s = 0; s < cells.length; s++) {
        int c = Math.max(2, cells[s]);
        byte[] small = new byte[c * c];
        random.nextBytes(small);
        Mat sm = new Mat(c, c, CV_8UC1, new BytePointer(small));
        Mat big = new Mat();
        resize(sm, big, new Size(size, size), 0, 0, INTER_CUBIC);
        byte[] b = new byte[size * size];
        big.data().get(b);
        for (int i = 0; i < b.length; i++) {
          sum[i] += weights[s] * (b[i] & 0xff);
        }
      }
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double v : sum) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      for (int i = 0; i < sum.length; i++) {
        result[i] = (byte) Math.round(20 + 215 * (sum[i] - min) / Math.max(1e-9, max - min));
      }
      return result;
    }
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
        for (int k = 0; k < 3; k++) {
          c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        }
      }
    }
    return c;
  }

  static double[] transpose(double[] a) {
    return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
  }
}
