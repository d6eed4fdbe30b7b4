package io.camreasoner.reasoner;

import java.util.List;

/**
 * Whether the groups that leave the background's motion are the parallax of one camera translation,
 * and where it goes.
 *
 * @param translates the groups pass the test of {@link ParallaxTest}: the camera translates
 * @param epipole unit homogeneous epipole (x, y, z) in frame widths from the image centre, z = 0
 *     for a direction (sideways translation); null when fewer than two groups
 * @param parallaxGroups the groups consistent with that epipole (depth layers if translating)
 * @param independentGroups the other groups: objects moving on their own
 * @param parallaxShare share of all tracks in consistent groups
 * @param coherence share of the outlier groups' tracks in consistent groups: near 1 for a
 *     translation through a layered scene, lower when walkers go their own ways
 * @param withFlow share of consistent groups' tracks whose residual runs with the background's own
 *     flow (near things move further the same way), among those where that flow is measurable
 * @param spread RMS distance of the agreeing tracks from their centroid (frame widths)
 * @param medianResidualPixels median residual of the consistent groups over the baseline, pixels
 * @param parallaxRatio median of residual / background flow over the consistent groups
 * @param sameVector share of the agreeing tracks that share one residual vector (one rigid block)
 * @param rotationKeystone the groups would pass as a sideways translation's parallax, but the
 *     background's homography carries the keystone of a rotation ({@link RotationKeystone}): the
 *     camera turns and the groups move on their own
 * @param axisAgreement for a sideways epipole, how far the background's own motion follows its
 *     direction ({@link ParallaxTest#axisAgreement}); NaN for a forward one or none
 * @param againstShare for a forward epipole, the share of agreeing tracks moving the other way
 *     along their line to it than the background's expansion says the camera translates (no static
 *     point can: {@link ParallaxTest#MAX_AGAINST_TRANSLATION}); 0 otherwise
 */
record ParallaxEvidence(
    boolean translates,
    double[] epipole,
    List<MotionGroup> parallaxGroups,
    List<MotionGroup> independentGroups,
    double parallaxShare,
    double coherence,
    double withFlow,
    double spread,
    double medianResidualPixels,
    double parallaxRatio,
    double sameVector,
    boolean rotationKeystone,
    double axisAgreement,
    double againstShare) {

  /**
   * Distance of the epipole from the image centre in frame widths (infinite for a direction, NaN
   * when not measured).
   */
  double epipoleDistance() {
    if (epipole == null) {
      return Double.NaN;
    }
    if (sideways()) {
      return Double.POSITIVE_INFINITY;
    }
    return ParallaxTest.centreDistance(epipole);
  }

  /** True when the epipole is a direction: a sideways translation's. */
  boolean sideways() {
    return epipole != null && ParallaxTest.isDirection(epipole);
  }

  /** The same evidence with other groups counted as moving on their own. */
  ParallaxEvidence withIndependentGroups(List<MotionGroup> movers) {
    return new ParallaxEvidence(
        translates,
        epipole,
        parallaxGroups,
        List.copyOf(movers),
        parallaxShare,
        coherence,
        withFlow,
        spread,
        medianResidualPixels,
        parallaxRatio,
        sameVector,
        rotationKeystone,
        axisAgreement,
        againstShare);
  }

  /** Evidence of no parallax at all: every group (if any) moves on its own. */
  static ParallaxEvidence none(List<MotionGroup> groups) {
    return new ParallaxEvidence(
        false, null, List.of(), groups, 0, 0, 0, 0, 0, 0, 0, false, Double.NaN, 0);
  }
}
