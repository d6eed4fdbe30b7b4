package io.camreasoner.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A grey scene laid out card by card ({@code background(z).cards(n, zNear, zFar)}, plus cards that
 * move on their own), rendered through the same camera as {@link ClipRenderer} under any {@link
 * CameraMotion}, at any frame rate and sampling step, with {@link SensorNoise}. The benchmark's
 * varied clips (resolutions, frame rates, dropped frames) and the reasoner's unit tests are made of
 * these scenes; their pixels are pinned by this module's tests, since both were tuned on them.
 *
 * <p>Textures and layout are drawn from the seed in call order; every {@link #render} call draws a
 * fresh noise seed too, so the same calls on the same seed give the same frames. Not thread-safe.
 * Holds native textures: close it.
 */
public final class LayeredScene implements AutoCloseable {
  /** The background card spans ±2.5 z: about 4.3 view widths at its depth. */
  private static final double BACKGROUND_HALF_EXTENT = 2.5;

  /** Background texture side in pixels. */
  private static final int BACKGROUND_TEXTURE = 512;

  /** Card texture side in pixels. */
  private static final int CARD_TEXTURE = 128;

  private final SceneCamera camera;
  private final Random random;
  private final SensorNoise noise;
  private final List<Card> cards = new ArrayList<>();

  /**
   * An empty scene of the given frame size; textures, layout and noise seeds follow {@code seed}.
   */
  public LayeredScene(int width, int height, long seed, SensorNoise noise) {
    this.camera = new SceneCamera(width, height, SceneCamera.Look.GREY);
    this.random = new Random(seed);
    this.noise = Objects.requireNonNull(noise, "noise");
  }

  /** Adds the far background: a big card at depth z, square on the optical axis. */
  public LayeredScene background(double z) {
    cards.add(
        Card.backdrop(Textures.grey(BACKGROUND_TEXTURE, random), z, z * BACKGROUND_HALF_EXTENT));
    return this;
  }

  /**
   * Adds {@code n} still cards at depths drawn uniformly in [zNear, zFar], spread over the view.
   */
  public LayeredScene cards(int n, double zNear, double zFar) {
    for (int i = 0; i < n; i++) {
      double z = zNear + random.nextDouble() * (zFar - zNear);
      cards.add(
          CardLayout.STRESS.place(z, camera, random, () -> Textures.grey(CARD_TEXTURE, random)));
    }
    return this;
  }

  /**
   * Adds a square card of side {@code size} at depth z, centred at (cx, cy) at time 0 and moving at
   * (vx, vy) scene units per second: an object moving on its own.
   */
  public LayeredScene movingCard(
      double z, double cx, double cy, double size, double vx, double vy) {
    Mat texture = Textures.grey(CARD_TEXTURE, random);
    cards.add(new Card(texture, cx - size / 2, cy - size / 2, size, size, z, vx, vy));
    return this;
  }

  /**
   * Renders {@code count} frames, frame {@code i} being source frame {@code i * step} at {@code
   * fps} (time {@code i * step / fps} seconds), each with sensor noise of {@code noiseSigma} grey
   * levels (0 = none).
   *
   * @param motion the camera's motion from time 0
   * @param frames makes the caller's frame type, e.g. {@code AnalysisFrame::new}
   * @return the frames in order
   */
  public <F> List<F> render(
      CameraMotion motion,
      double fps,
      int count,
      int step,
      double noiseSigma,
      GreyFrameFactory<F> frames) {
    List<Card> farToNear = new ArrayList<>(cards);
    farToNear.sort(Comparator.comparingDouble(Card::z).reversed());
    Random noiseRandom = new Random(random.nextLong());
    List<F> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long frameNumber = (long) i * step;
      double t = frameNumber / fps;
      byte[] gray = new byte[camera.width() * camera.height()];
      try (PointerScope scope = new PointerScope()) {
        Mat frame = camera.frame(farToNear, motion, t);
        if (noiseSigma > 0) {
          noise.addTo(frame, noiseSigma, noiseRandom);
        }
        frame.data().get(gray);
      }
      out.add(
          frames.frame(gray, camera.width(), camera.height(), frameNumber, Math.round(t * 1e6)));
    }
    return out;
  }

  @Override
  public void close() {
    for (Card c : cards) {
      c.texture().close();
    }
    cards.clear();
  }
}
