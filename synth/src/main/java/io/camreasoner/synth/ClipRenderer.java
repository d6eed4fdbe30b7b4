package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.BORDER_TRANSPARENT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a {@link ClipSpec} frame by frame. The scene is a set of textured fronto-parallel planes
 * (cards) seen by a pinhole camera with a 60° horizontal field of view; each card reaches the image
 * by its plane-induced homography {@code K(t) R(t)^T M(t)}, composited far to near, so the geometry
 * is exact: rotation and zoom move every depth by one homography, translation moves near cards
 * faster.
 *
 * <p>Not thread-safe; one renderer per thread. Holds native textures: close it.
 */
public final class ClipRenderer implements AutoCloseable {
  /** Horizontal field of view of the synthetic camera, degrees. */
  public static final double HORIZONTAL_FOV_DEGREES = 60;

  /** A textured card at depth z covering [x0, x0+w] x [y0, y0+h], drifting at (vx, vy) units/s. */
  private record Card(
      Mat texture, double x0, double y0, double w, double h, double z, double vx, double vy) {}

  private final ClipSpec spec;
  private final double focal;
  private final List<Card> cards = new ArrayList<>();
  private final SplittableRandom noise;

  /** Builds the scene of a spec (textures and layout drawn from its seed). */
  public ClipRenderer(ClipSpec spec) {
    this.spec = spec;
    this.focal = (spec.width() / 2.0) / Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2));
    SplittableRandom random = new SplittableRandom(spec.seed());
    this.noise = random.split();
    double richness = 0.55 + 0.45 * random.nextDouble();
    double seconds = spec.seconds();
    switch (spec.scene()) {
      case LAYERED_3D, STATIC_WITH_MOVERS -> {
        double far = 24;
        background(far, richness, random);
        double travel = Math.max(0, spec.motion().dolly()) * seconds;
        double near = Math.max(3.0, travel + 2.5);
        int count = 5 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          double z = near + random.nextDouble() * Math.max(1, (far * 0.5 - near));
          double halfView = z * Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2));
          double size = z * (0.18 + 0.14 * random.nextDouble());
          double cx = (random.nextDouble() * 1.7 - 0.85) * halfView;
          double cy = (random.nextDouble() * 1.3 - 0.65) * halfView * spec.height() / spec.width();
          cards.add(
              new Card(
                  Textures.texture(128, richness, random),
                  cx - size / 2,
                  cy - size / 2,
                  size,
                  size,
                  z,
                  0,
                  0));
        }
      }
      case FLAT -> background(8, richness, random);
      case IMAGE_2D -> background(10, richness, random);
    }
    for (int i = 0; i < spec.movers(); i++) {
      double z = 3.5 + random.nextDouble() * 4;
      double halfView = z * Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2));
      double size = halfView * (0.35 + 0.35 * random.nextDouble());
      int direction = random.nextBoolean() ? 1 : -1;
      double startX = -direction * halfView * (0.9 + 0.3 * random.nextDouble());
      double speed = 2 * halfView * (0.5 + 0.6 * random.nextDouble()) / Math.max(0.5, seconds);
      double cy = (random.nextDouble() * 0.8 - 0.4) * halfView * spec.height() / spec.width();
      cards.add(
          new Card(
              Textures.texture(96, 0.9, random),
              startX - size / 2,
              cy - size / 2,
              size,
              size * (1.2 + 0.6 * random.nextDouble()),
              z,
              direction * speed,
              0.1 * speed * (random.nextDouble() - 0.5)));
    }
    cards.sort(Comparator.comparingDouble(Card::z).reversed());
  }

  /**
   * A large plane at depth z. Its texture has at least the frame's resolution where it is seen (the
   * plane spans about 4.5 frame widths), capped at 2048 px: a stretched texture would be blurry,
   * and trackers read blur under zoom as parallax.
   */
  private void background(double z, double richness, SplittableRandom random) {
    double half = z * 2.6;
    double planeInFrameWidths =
        2 * half / (2 * z * Math.tan(Math.toRadians(HORIZONTAL_FOV_DEGREES / 2)));
    int size =
        (int)
            Math.min(2048, Math.max(640, Math.ceil(planeInFrameWidths * spec.width() / 64.0) * 64));
    cards.add(
        new Card(
            Textures.texture(size, richness, random), -half, -half, 2 * half, 2 * half, z, 0, 0));
  }

  /** The spec being rendered. */
  public ClipSpec spec() {
    return spec;
  }

  /** Renders frame {@code index} as interleaved BGR bytes (width x height x 3). */
  public byte[] renderBgr(int index) {
    try (PointerScope scope = new PointerScope()) {
      Mat frame = renderMat(index);
      byte[] px = new byte[spec.width() * spec.height() * 3];
      frame.data().get(px);
      return px;
    }
  }

  /**
   * Renders frame {@code index} into a new BGR Mat; call inside a {@link PointerScope} (the Mat is
   * released with it).
   */
  Mat renderMat(int index) {
    if (index < 0 || index >= spec.frames()) {
      throw new IndexOutOfBoundsException(
          "frame " + index + " of a " + spec.frames() + "-frame clip");
    }
    double t = index / spec.fps();
    CameraMotion m = spec.motion();
    Mat out = new Mat(spec.height(), spec.width(), CV_8UC3, new Scalar(90, 90, 90, 0));
    double f = focal * Math.exp(Math.log1p(m.zoom()) * t);
    double[] k = {f, 0, (spec.width() - 1) / 2.0, 0, f, (spec.height() - 1) / 2.0, 0, 0, 1};
    double[] rt =
        transpose(
            rotation(
                Math.toRadians(m.yaw() * t),
                Math.toRadians(m.pitch() * t),
                Math.toRadians(m.roll() * t)));
    double cx = m.truck() * t;
    double cy = -m.pedestal() * t;
    double cz = m.dolly() * t;
    Size size = new Size(spec.width(), spec.height());
    for (Card c : cards) {
      double depth = c.z() - cz;
      if (depth < 0.3) {
        continue;
      }
      int texSize = c.texture().cols();
      double[] plane = {
        c.w() / texSize,
        0,
        c.x0() + c.vx() * t - cx,
        0,
        c.h() / texSize,
        c.y0() + c.vy() * t - cy,
        0,
        0,
        depth
      };
      double[] h = mul(k, mul(rt, plane));
      Mat hm = new Mat(3, 3, CV_64F);
      new DoublePointer(hm.data()).put(h);
      warpPerspective(c.texture(), out, hm, size, INTER_LINEAR, BORDER_TRANSPARENT, new Scalar());
    }
    if (spec.flashFrames().contains(index)) {
      out.convertTo(out, -1, 1.5, 60);
    }
    if (spec.blurSigma() > 0) {
      GaussianBlur(out, out, new Size(0, 0), spec.blurSigma() * spec.width() / 320.0);
    }
    if (spec.noiseSigma() > 0) {
      byte[] px = new byte[spec.width() * spec.height() * 3];
      out.data().get(px);
      SplittableRandom r = noise.split();
      for (int i = 0; i < px.length; i++) {
        int v = (px[i] & 0xff) + (int) Math.round(gaussian(r) * spec.noiseSigma());
        px[i] = (byte) Math.max(0, Math.min(255, v));
      }
      out.data().put(px);
    }
    return out;
  }

  /** Renders every frame of a spec into memory. */
  public static Clip renderAll(ClipSpec spec) {
    try (ClipRenderer renderer = new ClipRenderer(spec)) {
      List<byte[]> frames = new ArrayList<>(spec.frames());
      for (int i = 0; i < spec.frames(); i++) {
        frames.add(renderer.renderBgr(i));
      }
      return new Clip(spec, frames);
    }
  }

  @Override
  public void close() {
    for (Card c : cards) {
      c.texture().close();
    }
    cards.clear();
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
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
