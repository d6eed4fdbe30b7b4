package io.camreasoner.reasoner;

/**
 * Everything {@link MotionEstimator} measured on one window, before any decision. Rates are per
 * second, translations in frame-widths. {@code pairRateSpread} holds the standard deviations, over
 * the frame pairs, of the per-pair translation x, y (frame-widths/s), log-scale (/s) and roll
 * (degrees/s) rates: steady for a camera move, jittery when objects drag the fits around.
 */
record Measurement(
    int frames,
    double seconds,
    double translationX,
    double translationY,
    double scaleRate,
    double rollRate,
    double pairInlierShare,
    int baselineFrom,
    int baselineTo,
    double baselineSeconds,
    int trackCount,
    double homographyInlierShare,
    double parallaxShare,
    double parallaxSpread,
    double residualParallax,
    double residualParallaxPixels,
    double parallaxRatio,
    double movingShare,
    double movingSpread,
    Double foeX,
    Double foeY,
    double textureScore,
    double parallaxThresholdPixels,
    double stationaryShare,
    double[] epipole,
    double parallaxCoherence,
    double[] pairRateSpread) {

  /**
   * Distance of the epipole from the image centre in frame widths (infinite for a direction, NaN
   * when not measured).
   */
  double epipoleDistance() {
    if (epipole == null) {
      return Double.NaN;
    }
    if (Math.abs(epipole[2]) < 1e-9) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.hypot(epipole[0] / epipole[2], epipole[1] / epipole[2]);
  }

  /** Magnitude of the image translation, frame-widths per second. */
  double translationRate() {
    return Math.hypot(translationX, translationY);
  }
}
