package io.camreasoner.reasoner;

import java.util.List;

/**
 * Everything the reasoner measured on one window, step by step, before any decision: what the
 * decision ({@link MotionDecision}) and the explanation ({@link Explanation}) read.
 *
 * @param frames frames in the window
 * @param seconds time the window spans
 * @param width analysis frame width (pixels)
 * @param height analysis frame height
 * @param trackCount tracks alive over the baseline
 * @param textureScore trackable texture, 0..1
 * @param background the background's motion (step 2)
 * @param groups the groups of tracks leaving it (step 3)
 * @param parallax whether those groups are one translation's parallax (step 4)
 * @param field a translation's parallax read from the whole field of background tracks (step 4b)
 * @param layers the groups that scale about the background's focus of expansion as a forward or
 *     backward translation's depth layers do (step 4c)
 * @param moverShare share of the frame holding groups that moved on their own
 */
record WindowEvidence(
    int frames,
    double seconds,
    int width,
    int height,
    int trackCount,
    double textureScore,
    BackgroundMotion background,
    List<MotionGroup> groups,
    ParallaxEvidence parallax,
    ParallaxField field,
    ExpandingLayers layers,
    double moverShare) {

  /** Share of the baseline's tracks in independently moving groups. */
  double moverTrackShare() {
    int n = 0;
    for (MotionGroup g : parallax.independentGroups()) {
      n += g.size();
    }
    return n / (double) Math.max(1, trackCount);
  }
}
