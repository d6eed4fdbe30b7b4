package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel.Kind;

/**
 * How fast and how far the camera moves, in the units a person reads: pan and tilt in degrees per
 * second (converted from image motion with {@link #ASSUMED_HORIZONTAL_FOV_DEGREES}: a video does
 * not say its lens), roll in degrees per second (exact), zoom as a factor per second, and a
 * translation as the relative image speed of the background (frame-widths/s sideways, relative
 * expansion /s forward).
 *
 * @param panDegreesPerSecond camera pan, + = right; 0 unless a pan was named
 * @param tiltDegreesPerSecond camera tilt, + = up; 0 unless a tilt was named
 * @param rollDegreesPerSecond camera roll, + = clockwise; 0 unless a roll was named
 * @param zoomFactorPerSecond focal length factor per second (1 = none); 1 unless a zoom was named
 * @param translationSpeed relative image speed of a truck, pedestal (frame-widths/s) or dolly
 *     (relative expansion /s); 0 unless a translation was named
 */
record MotionSpeed(
    double panDegreesPerSecond,
    double tiltDegreesPerSecond,
    double rollDegreesPerSecond,
    double zoomFactorPerSecond,
    double translationSpeed) {

  /**
   * Field of view assumed to turn image speed into degrees: 60°, a common lens (and the synthetic
   * camera's). A 40° lens would read 1.5 times slower in degrees, a 90° lens 1.6 times faster.
   */
  static final double ASSUMED_HORIZONTAL_FOV_DEGREES = 60;

  static final MotionSpeed NONE = new MotionSpeed(0, 0, 0, 1, 0);

  /** The speeds of the named families, from the background's motion. */
  static MotionSpeed of(BackgroundMotion b, MotionDecision.Verdict v) {
    double focal = 0.5 / Math.tan(Math.toRadians(ASSUMED_HORIZONTAL_FOV_DEGREES / 2));
    double pan = 0;
    double tilt = 0;
    double roll = 0;
    double zoom = 1;
    double translation = 0;
    for (MotionDecision.FamilyCall c : v.families()) {
      if (!c.active()) {
        continue;
      }
      Kind k = c.label().kind();
      switch (k) {
        case PAN -> pan = -Math.toDegrees(Math.atan(b.translationX() / focal));
        case TILT -> tilt = Math.toDegrees(Math.atan(b.translationY() / focal));
        case ROLL -> roll = -b.rollRate();
        case ZOOM -> zoom = 1 + b.scaleRate();
        case TRUCK, PEDESTAL -> translation = Math.max(translation, b.translationRate());
        case DOLLY -> translation = Math.max(translation, Math.abs(b.scaleRate()));
        default -> {}
      }
    }
    return new MotionSpeed(pan, tilt, roll, zoom, translation);
  }
}
