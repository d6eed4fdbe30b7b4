package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a {@link ClipSpec} frame by frame: the ground truth of the synthetic clips. The scene is
 * a set of textured colour cards laid out from the spec's seed according to its {@link SceneKind},
 * seen through the synthetic pinhole camera (60° horizontal field of view) that also renders {@link
 * LayeredScene}s: each card reaches the image by its plane-induced homography {@code K(t) R(t)^T
 * M(t)}, composited far to near, so the geometry is exact: rotation and zoom move every depth by
 * one homography, translation moves near cards faster.
 *
 * <p>Not thread-safe; one renderer per thread. Holds native textures: close it.
 */
public final class ClipRenderer implements AutoCloseable {
  /** Horizontal field of view of the synthetic camera, degrees. */
  public static final double HORIZONTAL_FOV_DEGREES = SceneCamera.HORIZONTAL_FOV_DEGREES;

  /** Depth of the background of layered scenes. */
  private static final double LAYERED_BACKGROUND_DEPTH = 24;

  /** Depth of the plane of FLAT scenes. */
  private static final double FLAT_DEPTH = 8;

  /** Depth of the image of IMAGE_2D scenes. */
  private static final double IMAGE_DEPTH = 10;

  /** The background card spans ±2.6 z: about 4.5 view widths. */
  private static final double BACKGROUND_HALF_EXTENT = 2.6;

  private final ClipSpec spec;
  private final SceneCamera camera;
  private final List<Card> cards = new ArrayList<>();
  private final SplittableRandom noise;

  /** Builds the scene of a spec (textures and layout drawn from its seed). */
  public ClipRenderer(ClipSpec spec) {
    this.spec = spec;
    this.camera = new SceneCamera(spec.width(), spec.height(), SceneCamera.Look.COLOUR);
    SplittableRandom random = new SplittableRandom(spec.seed());
    this.noise = random.split();
    double richness = 0.55 + 0.45 * random.nextDouble();
    double seconds = spec.seconds();
    switch (spec.scene()) {
      case LAYERED_3D, STATIC_WITH_MOVERS -> {
        double far = LAYERED_BACKGROUND_DEPTH;
        background(far, richness, random);
        double travel = Math.max(0, spec.motion().dolly()) * seconds;
        double near = Math.max(3.0, travel + 2.5);
        int count = 5 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          double z = near + random.nextDouble() * Math.max(1, (far * 0.5 - near));
          cards.add(
              CardLayout.GROUND_TRUTH.place(
                  z, camera, random, () -> Textures.colour(128, richness, random)));
        }
      }
      case FLAT -> background(FLAT_DEPTH, richness, random);
      case IMAGE_2D -> background(IMAGE_DEPTH, richness, random);
    }
    for (int i = 0; i < spec.movers(); i++) {
      double z = 3.5 + random.nextDouble() * 4;
      double halfView = camera.halfViewAt(z);
      double size = halfView * (0.35 + 0.35 * random.nextDouble());
      int direction = random.nextBoolean() ? 1 : -1;
      double startX = -direction * halfView * (0.9 + 0.3 * random.nextDouble());
      double speed = 2 * halfView * (0.5 + 0.6 * random.nextDouble()) / Math.max(0.5, seconds);
      double cy = (random.nextDouble() * 0.8 - 0.4) * halfView * spec.height() / spec.width();
      cards.add(
          new Card(
              Textures.colour(96, 0.9, random),
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
    double half = z * BACKGROUND_HALF_EXTENT;
    double planeInFrameWidths = 2 * half / (2 * camera.halfViewAt(z));
    int size =
        (int)
            Math.min(2048, Math.max(640, Math.ceil(planeInFrameWidths * spec.width() / 64.0) * 64));
    cards.add(Card.backdrop(Textures.colour(size, richness, random), z, half));
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
   * Renders frame {@code index} as 8-bit grey (the luma of {@link Clip#toGray}), made into the
   * caller's frame type with the frame's number and presentation time.
   */
  public <F> F renderGrey(int index, GreyFrameFactory<F> frames) {
    return frames.frame(
        Clip.toGray(renderBgr(index)),
        spec.width(),
        spec.height(),
        index,
        Math.round(index / spec.fps() * 1e6));
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
    Mat out = camera.frame(cards, spec.motion(), index / spec.fps());
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
      SensorNoise.addGaussian(px, spec.noiseSigma(), () -> gaussian(r));
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
}
