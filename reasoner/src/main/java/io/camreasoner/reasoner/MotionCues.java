package io.camreasoner.reasoner;

import java.util.Map;

/**
 * The numbers the reasoner measured on one window, mirroring the Avro {@code MotionCues} record of
 * the schemas module field by field. Rates are resolution- and fps-independent: image motion in
 * frame-widths per second, scale and rotation per second.
 *
 * @param translationX background image motion, frame-widths/s, positive = content moves right
 * @param translationY background image motion, frame-widths/s (width as unit), positive = down
 * @param scaleRate relative scale change per second, positive = content expands
 * @param rollRate in-plane content rotation in degrees/s, positive = clockwise on screen
 * @param residualParallax median motion of parallax tracks left after removing the best homography,
 *     frame-widths/s (0 when no track shows parallax)
 * @param parallaxRatio residual parallax relative to the dominant motion at the same tracks
 * @param focusOfExpansionX focus of expansion x, 0 = left edge, 1 = right edge (null if not
 *     measured: no scale change)
 * @param focusOfExpansionY focus of expansion y, 0 = top, 1 = bottom (null if not measured)
 * @param inlierShare share of tracks consistent with the dominant homography
 * @param movingObjectShare share of tracks that move independently of the camera
 * @param trackCount tracks that survived the forward-backward check over the analysed baseline
 * @param textureScore trackable texture, 0 = none, 1 = plenty
 * @param panDegreesPerSecond camera pan speed, + = right, assuming a 60° horizontal field of view
 *     (0 when no pan was named)
 * @param tiltDegreesPerSecond camera tilt speed, + = up, same assumption (0 when no tilt)
 * @param rollDegreesPerSecond camera roll speed, + = clockwise (0 when no roll)
 * @param zoomFactorPerSecond focal-length factor per second (1 when no zoom was named)
 * @param translationSpeed relative image speed of a named truck or pedestal (frame-widths/s) or
 *     dolly (relative expansion /s); 0 when the camera does not translate
 * @param moverShare share of the frame (0..1) that moved on its own (walkers, vehicles)
 * @param parallaxCoherence share (0..1) of the tracks leaving the background's motion that are
 *     consistent with one camera translation
 * @param extra further named measurements
 */
public record MotionCues(
    double translationX,
    double translationY,
    double scaleRate,
    double rollRate,
    double residualParallax,
    double parallaxRatio,
    Double focusOfExpansionX,
    Double focusOfExpansionY,
    double inlierShare,
    double movingObjectShare,
    int trackCount,
    double textureScore,
    double panDegreesPerSecond,
    double tiltDegreesPerSecond,
    double rollDegreesPerSecond,
    double zoomFactorPerSecond,
    double translationSpeed,
    double moverShare,
    double parallaxCoherence,
    Map<String, Double> extra) {

  /** Copies the extra map. */
  public MotionCues {
    extra = Map.copyOf(extra);
  }

  /** The same cues with other extra measurements. */
  public MotionCues withExtra(Map<String, Double> more) {
    return new MotionCues(
        translationX,
        translationY,
        scaleRate,
        rollRate,
        residualParallax,
        parallaxRatio,
        focusOfExpansionX,
        focusOfExpansionY,
        inlierShare,
        movingObjectShare,
        trackCount,
        textureScore,
        panDegreesPerSecond,
        tiltDegreesPerSecond,
        rollDegreesPerSecond,
        zoomFactorPerSecond,
        translationSpeed,
        moverShare,
        parallaxCoherence,
        more);
  }
}
