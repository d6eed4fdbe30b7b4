package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parallax of a field of background tracks ({@link ParallaxField}). */
class ParallaxFieldTest {

  private static final double CX = 160;
  private static final double CY = 90;

  /** Scaling by {@code s} about the centre of a 320x180 frame. */
  private static Homography scale(double s) {
    return new Homography(new double[] {s, 0, (1 - s) * CX, 0, s, (1 - s) * CY, 0, 0, 1});
  }

  /**
   * Tracks on a 16x9 grid, scaled by {@code background} about the centre, those in the left and
   * right thirds of the upper half (two near cards) by {@code card} instead, each with Gaussian
   * noise of {@code noise} pixels on both axes.
   */
  private static List<TrackMotion> field(double background, double card, double noise, long seed) {
    Random random = new Random(seed);
    List<TrackMotion> tracks = new ArrayList<>();
    int id = 0;
    for (int gx = 0; gx < 16; gx++) {
      for (int gy = 0; gy < 9; gy++) {
        double x = 10 + 20 * gx;
        double y = 10 + 20 * gy;
        boolean onCard = y < CY && (x < 107 || x > 213);
        double s = onCard ? card : background;
        double dx = (s - 1) * (x - CX) + noise * random.nextGaussian();
        double dy = (s - 1) * (y - CY) + noise * random.nextGaussian();
        tracks.add(new TrackMotion(id++, x, y, dx, dy));
      }
    }
    return tracks;
  }

  @Test
  void shouldReadNoExcessWhenAZoomLeavesOnlyTrackingNoise() {
    for (long seed = 1; seed <= 5; seed++) {
      ParallaxField.Excess r =
          ParallaxField.forward(field(1.03, 1.03, 0.3, seed), scale(1.03), CX, CY, 32);
      assertThat(r.measured()).isTrue();
      // noise is shared by no neighbour, along the radius or across it
      assertThat(r.value()).isBetween(-0.3, 0.3);
    }
  }

  @Test
  void shouldFindTheRadialParallaxOfNearerCardsWhenTheCameraMovesForward() {
    // the cards expand 1.5 % more than the background: 0.5-2 px off its homography, under the
    // separation threshold of a window with 0.3 px of noise, shared by neighbours along the radius
    for (long seed = 1; seed <= 5; seed++) {
      ParallaxField.Excess r =
          ParallaxField.forward(field(1.03, 1.045, 0.3, seed), scale(1.03), CX, CY, 32);
      assertThat(r.value()).isGreaterThan(2 * MotionDecision.MIN_FORWARD_FIELD_EXCESS);
    }
  }

  @Test
  void shouldNotCountResidualsSharedAcrossTheRadius() {
    // a background rotated by 0.3° against its fit: every neighbourhood shares a tangential
    // residual
    double a = Math.toRadians(0.3);
    List<TrackMotion> tracks = new ArrayList<>();
    for (TrackMotion t : field(1.03, 1.03, 0.1, 7)) {
      double x = t.x() - CX;
      double y = t.y() - CY;
      tracks.add(
          new TrackMotion(
              t.track(),
              t.x(),
              t.y(),
              t.dx() + (Math.cos(a) - 1) * x - Math.sin(a) * y,
              t.dy() + Math.sin(a) * x + (Math.cos(a) - 1) * y));
    }
    ParallaxField.Excess r = ParallaxField.forward(tracks, scale(1.03), CX, CY, 32);
    assertThat(r.value()).isLessThan(-0.5);
  }

  /** Translation by (0, dy) pixels. */
  private static Homography shift(double dy) {
    return new Homography(new double[] {1, 0, 0, 0, 1, dy, 0, 0, 1});
  }

  /**
   * The grid of {@link #field} moved down by {@code background} pixels, the two near cards by
   * {@code card}, with Gaussian noise of {@code noise} pixels on both axes.
   */
  private static List<TrackMotion> sliding(
      double background, double card, double noise, long seed) {
    List<TrackMotion> tracks = new ArrayList<>();
    for (TrackMotion t : field(1, 1, noise, seed)) {
      boolean onCard = t.y() < CY && (t.x() < 107 || t.x() > 213);
      tracks.add(
          new TrackMotion(t.track(), t.x(), t.y(), t.dx(), t.dy() + (onCard ? card : background)));
    }
    return tracks;
  }

  @Test
  void shouldFindTheParallaxOfNearerCardsAlongASidewaysMotionAndNoneInATilt() {
    for (long seed = 1; seed <= 5; seed++) {
      // a pedestal: the cards slide 1 px farther down than the background
      ParallaxField.Excess pedestal =
          ParallaxField.sideways(sliding(4, 5, 0.3, seed), shift(4), 0, 1);
      assertThat(pedestal.value()).isGreaterThan(2 * MotionDecision.MIN_SIDEWAYS_FIELD_EXCESS);
      // a tilt: every surface alike, only noise left
      ParallaxField.Excess tilt = ParallaxField.sideways(sliding(4, 4, 0.3, seed), shift(4), 0, 1);
      assertThat(tilt.value()).isBetween(-0.3, 0.3);
      // the same cards measured across their motion: what neighbours share runs across it (the
      // across energy, the cards' included, is the unit: at most -1)
      ParallaxField.Excess across =
          ParallaxField.sideways(sliding(4, 5, 0.3, seed), shift(4), 1, 0);
      assertThat(across.value()).isBetween(-1.0, -0.5);
    }
  }

  @Test
  void shouldLeaveOutTracksNearTheFocusAndMeasureNothingWithTooFewLeft() {
    List<TrackMotion> tracks = field(1.03, 1.045, 0.3, 1);
    // only the tracks within 40 px of the centre are given: all nearer than 45 px
    List<TrackMotion> central =
        tracks.stream().filter(t -> Vector2.length(t.x() - CX, t.y() - CY) < 40).toList();
    ParallaxField.Excess r = ParallaxField.forward(central, scale(1.03), CX, CY, 45);
    assertThat(r.tracks()).isZero();
    assertThat(r.measured()).isFalse();
    ParallaxField.Excess few = ParallaxField.forward(tracks.subList(0, 19), scale(1.03), CX, CY, 0);
    assertThat(few.tracks()).isEqualTo(19);
    assertThat(few.measured()).isFalse();
  }
}
