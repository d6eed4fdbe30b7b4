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
  private PhotoTextures photos;

  /**
   * An empty scene of the given frame size; textures, layout and noise seeds follow {@code seed}.
   */
  public LayeredScene(int width, int height, long seed, SensorNoise noise) {
    this.camera = new SceneCamera(width, height, SceneCamera.Look.GREY);
    this.random = new Random(seed);
    this.noise = Objects.requireNonNull(noise, "noise");
  }

  /**
   * Textures cards added from now on with crops of real photos instead of procedural noise (the
   * scenes of the benchmark's real-image group); the photos stay the caller's.
   */
  public LayeredScene photos(PhotoTextures textures) {
    this.photos = Objects.requireNonNull(textures, "textures");
    return this;
  }

  /** Adds the far background: a big card at depth z, square on the optical axis. */
  public LayeredScene background(double z) {
    cards.add(Card.backdrop(texture(BACKGROUND_TEXTURE), z, z * BACKGROUND_HALF_EXTENT));
    return this;
  }

  /**
   * Adds {@code n} still cards at depths drawn uniformly in [zNear, zFar], spread over the view.
   */
  public LayeredScene cards(int n, double zNear, double zFar) {
    for (int i = 0; i < n; i++) {
      double z = zNear + random.nextDouble() * (zFar - zNear);
      cards.add(CardLayout.STRESS.place(z, camera, random, () -> texture(CARD_TEXTURE)));
    }
    return this;
  }

  /**
   * Adds a square card of side {@code size} at depth z, centred at (cx, cy) at time 0 and moving at
   * (vx, vy) scene units per second: an object moving on its own.
   */
  public LayeredScene movingCard(
      double z, double cx, double cy, double size, double vx, double vy) {
    Mat texture = texture(CARD_TEXTURE);
    cards.add(new Card(texture, cx - size / 2, cy - size / 2, size, size, z, vx, vy));
    return this;
  }

  /**
   * Adds walkers, vehicles and crowds ({@link MoverKind}) at depths in [zNear, zFar] until their
   * members' summed area is {@code coverage} of the frame (at time 0; they enter and leave the view
   * as they go, and occlude one another and the still cards by depth). Each group moves in its own
   * direction at its own speed: people mostly sideways, some towards or away from the camera's
   * vertical, either way; vehicles sideways.
   *
   * @param coverage share of the frame the movers cover together, in (0, 1)
   */
  public LayeredScene movers(double coverage, double zNear, double zFar) {
    if (!(coverage > 0 && coverage < 1)) {
      throw new IllegalArgumentException("mover coverage must lie in (0, 1), got " + coverage);
    }
    double covered = 0;
    while (covered < coverage) {
      double u = random.nextDouble();
      MoverKind kind = u < 0.5 ? MoverKind.WALKER : u < 0.75 ? MoverKind.CROWD : MoverKind.VEHICLE;
      double share = Math.min(coverage - covered, groupShare(kind)) + 1e-3;
      covered += share;
      double z = zNear + random.nextDouble() * (zFar - zNear);
      double halfW = camera.halfViewAt(z);
      double halfH = halfW * camera.height() / camera.width();
      int members = kind.minMembers() + (kind == MoverKind.CROWD ? random.nextInt(6) : 0);
      double area = share / members * (2 * halfW) * (2 * halfH);
      double h = Math.sqrt(area / kind.aspect());
      double w = kind.aspect() * h;
      double angle = moverDirection(kind);
      double speed =
          2 * halfW * (kind.minSpeed() + (kind.maxSpeed() - kind.minSpeed()) * random.nextDouble());
      double cx = (random.nextDouble() * 2.4 - 1.2) * halfW;
      double cy = (random.nextDouble() * 1.2 - 0.6) * halfH;
      for (int m = 0; m < members; m++) {
        double ox = m == 0 ? 0 : (random.nextDouble() - 0.5) * 4 * w;
        double oy = m == 0 ? 0 : (random.nextDouble() - 0.5) * 0.6 * h;
        double s = speed * (m == 0 ? 1 : 0.9 + 0.2 * random.nextDouble());
        Mat texture = texture(CARD_TEXTURE);
        cards.add(
            new Card(
                texture,
                cx + ox - w / 2,
                cy + oy - h / 2,
                w,
                h,
                z,
                s * Math.cos(angle),
                s * Math.sin(angle)));
      }
    }
    return this;
  }

  /** Share of the frame one group of a kind covers, drawn. */
  private double groupShare(MoverKind kind) {
    return switch (kind) {
      case WALKER -> 0.02 + 0.06 * random.nextDouble();
      case VEHICLE -> 0.06 + 0.09 * random.nextDouble();
      case CROWD -> 0.08 + 0.12 * random.nextDouble();
    };
  }

  /** Direction of motion in radians (0 = right, pi/2 = down in the image). */
  private double moverDirection(MoverKind kind) {
    double side = random.nextBoolean() ? 0 : Math.PI;
    if (kind == MoverKind.VEHICLE) {
      return side + Math.toRadians(10 * (random.nextDouble() - 0.5));
    }
    if (random.nextDouble() < 0.8) {
      return side + Math.toRadians(40 * (random.nextDouble() - 0.5));
    }
    return (random.nextBoolean() ? 0.5 : -0.5) * Math.PI
        + Math.toRadians(60 * (random.nextDouble() - 0.5));
  }

  private Mat texture(int side) {
    return photos != null ? photos.crop(side, random) : Textures.grey(side, random);
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
