package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel.Kind;

/**
 * How fast the camera moves, in the units a person reads: pan and tilt in degrees per second
 * (converted from image motion with {@link GeometryConfig#ASSUMED_HORIZONTAL_FOV_DEGREES}: a video
 * does not say its lens), roll in degrees per second (exact), zoom as a factor per second, and a
 * translation as the relative image speed of the background in frame-widths per second.
 *
 * @param panRate camera pan, degrees/s, + = right; 0 unless a pan was named
 * @param tiltRate camera tilt, degrees/s, + = up; 0 unless a tilt was named
 * @param rollRate camera roll, degrees/s, + = clockwise; 0 unless a roll was named
 * @param zoomFactor focal length factor per second (1 = none); 1 unless a zoom was named
 * @param translationSpeed image speed of the background explained by a named truck, pedestal
 *     (frame-widths/s) or dolly (the expansion's speed at the frame edge, half a frame-width times
 *     the relative scale rate); 0 unless a translation was named
 */
record MotionSpeed(
    double panRate, double tiltRate, double rollRate, double zoomFactor, double translationSpeed) {

  /** The speeds of the named families, from the background's motion. */
  static MotionSpeed of(BackgroundMotion b, MotionDecision.Verdict v) {
    double focal =
        0.5 / Math.tan(Math.toRadians(GeometryConfig.ASSUMED_HORIZONTAL_FOV_DEGREES / 2));
    double pan = 0;
    double tilt = 0;
    double roll = 0;
    double zoom = 1;
    double sideways = 0;
    double vertical = 0;
    double forward = 0;
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
        case TRUCK -> sideways = b.translationX();
        case PEDESTAL -> vertical = b.translationY();
        case DOLLY -> forward = 0.5 * Math.abs(b.scaleRate());
        default -> {}
      }
    }
    return new MotionSpeed(
        pan, tilt, roll, zoom, Vector2.length(Vector2.length(sideways, vertical), forward));
  }
}
