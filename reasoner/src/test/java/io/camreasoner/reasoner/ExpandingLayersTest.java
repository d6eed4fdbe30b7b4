package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A group's own expansion about the focus of expansion ({@link ExpandingLayers}). */
class ExpandingLayersTest {

  /** The focus of expansion: the centre of a 320x180 frame. */
  private static final double FX = 160;

  private static final double FY = 90;

  /**
   * A group of tracks on a 4x3 grid 12 px apart centred at (cx, cy), each moving {@code g (p - e) +
   * (vx, vy)} off the background (identity homography: the displacement is the residual), plus
   * Gaussian noise of {@code noise} px on both axes; {@code g} is the group's own scale change
   * relative to the background, (vx, vy) a block motion added to every track.
   */
  private static MotionGroup group(
      double cx, double cy, double g, double vx, double vy, double noise, long seed) {
    Random random = new Random(seed);
    List<TrackMotion> tracks = new ArrayList<>();
    double sx = 0;
    double sy = 0;
    double rx = 0;
    double ry = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        double x = cx + 12 * (i - 1.5);
        double y = cy + 12 * (j - 1);
        double dx = g * (x - FX) + vx + noise * random.nextGaussian();
        double dy = g * (y - FY) + vy + noise * random.nextGaussian();
        tracks.add(new TrackMotion(tracks.size(), x, y, dx, dy));
        sx += x;
        sy += y;
        rx += dx;
        ry += dy;
      }
    }
    int n = tracks.size();
    return new MotionGroup(List.copyOf(tracks), sx / n, sy / n, rx / n, ry / n, 0, 0);
  }

  private static ExpandingLayers.Layer measure(MotionGroup g) {
    return ExpandingLayers.measure(g, Homography.IDENTITY, FX, FY);
  }

  @Test
  void shouldFindALayerWhenAGroupScalesAboutTheFocusAtTheRateItsOffsetPredicts() {
    // a nearer card 100 px right of the focus expanding 6 % more than the background: 6 px off it
    // at its centre, 0.7 px more at its right edge than at its left, with 0.3 px of noise
    for (long seed = 1; seed <= 5; seed++) {
      ExpandingLayers.Layer l = measure(group(260, 110, 0.06, 0, 0, 0.3, seed));
      assertThat(l.divergence()).isCloseTo(0.06, within(0.02));
      assertThat(l.predicted()).isCloseTo(0.06, within(0.005));
      assertThat(l.cosine()).isGreaterThan(0.99);
      assertThat(l.significance()).isGreaterThan(ExpandingLayers.MIN_SIGNIFICANCE);
      assertThat(l.isLayer()).isTrue();
    }
    // a farther one shrinks towards the focus relative to the background: the same either way
    ExpandingLayers.Layer far = measure(group(60, 60, -0.06, 0, 0, 0.3, 1));
    assertThat(far.cosine()).isLessThan(-0.99);
    assertThat(far.ratio()).isBetween(ExpandingLayers.MIN_RATIO, ExpandingLayers.MAX_RATIO);
    assertThat(far.agrees()).isTrue();
    assertThat(far.isLayer()).isTrue();
  }

  @Test
  void shouldTakeAGroupShrinkingFarFasterThanItsOffsetPredictsForNoLayer() {
    // a walker 140 px right of the focus walking 16 px towards it while it recedes and shrinks by
    // 27 %: a farther layer's direction and sign, but a layer that far off the background would
    // shrink by 11 %, and the shrinking is measured to a few hundredths
    for (long seed = 1; seed <= 5; seed++) {
      ExpandingLayers.Layer l = measure(group(300, 110, -0.27, 22, 3, 0.3, seed));
      assertThat(l.cosine()).isLessThan(-0.99);
      assertThat(l.predicted()).isCloseTo(-0.11, within(0.01));
      assertThat(l.significance()).isGreaterThan(ExpandingLayers.MIN_SIGNIFICANCE);
      assertThat(l.ratio()).isGreaterThan(2);
      assertThat(l.agrees()).isFalse();
      assertThat(l.isLayer()).isFalse();
    }
  }

  @Test
  void shouldTakeAGroupMovingAsOneBlockAlongTheRayForNoLayer() {
    // a walker moving 6 px straight away from the focus: the direction of a layer, but the same
    // residual over its whole body
    for (long seed = 1; seed <= 5; seed++) {
      ExpandingLayers.Layer l = measure(group(260, 110, 0, 5.9, 1.2, 0.3, seed));
      assertThat(l.cosine()).isGreaterThan(0.99);
      assertThat(l.predicted()).isCloseTo(0.06, within(0.005));
      assertThat(l.significance()).isLessThan(ExpandingLayers.MIN_SIGNIFICANCE);
      assertThat(l.isLayer()).isFalse();
    }
  }

  @Test
  void shouldTakeAGroupThatSpreadsWhileCrossingTheRayForNoLayer() {
    // a crowd whose members drift apart (6 %) while it walks 6 px down, across the ray from the
    // focus: it diverges, but its residual does not point along the ray
    ExpandingLayers.Layer l = measure(group(260, 90, 0.06, -6, 6, 0.3, 1));
    assertThat(l.significance()).isGreaterThan(ExpandingLayers.MIN_SIGNIFICANCE);
    assertThat(Math.abs(l.cosine())).isLessThan(ExpandingLayers.MIN_RADIAL_COSINE);
    assertThat(l.isLayer()).isFalse();
  }

  @Test
  void shouldTakeAGroupThatContractsWhileMovingAwayFromTheFocusForNoLayer() {
    // moving away from the focus as a nearer card would, but contracting: no depth does both
    MotionGroup g = group(260, 110, -0.06, 12, 2.4, 0.3, 1);
    ExpandingLayers.Layer l = measure(g);
    assertThat(l.cosine()).isGreaterThan(0.95);
    assertThat(l.divergence()).isNegative();
    assertThat(l.ratio()).isNegative();
    assertThat(l.isLayer()).isFalse();
  }

  @Test
  void shouldMeasureNothingWhenTheGroupHasTooFewTracksOrLiesOnALine() {
    MotionGroup full = group(260, 110, 0.06, 0, 0, 0.3, 1);
    List<TrackMotion> three = full.members().subList(0, ExpandingLayers.MIN_TRACKS - 1);
    assertThat(measure(new MotionGroup(three, 248, 98, 6, 1, 0, 0))).isNull();
    List<TrackMotion> line = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      line.add(new TrackMotion(i, 240 + 10 * i, 110, 0.06 * (80 + 10 * i), 1.2));
    }
    assertThat(measure(new MotionGroup(line, 265, 110, 6.3, 1.2, 0, 0))).isNull();
  }
}
