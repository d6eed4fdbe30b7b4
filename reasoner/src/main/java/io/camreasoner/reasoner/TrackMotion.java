package io.camreasoner.reasoner;

/**
 * How one track moved over a baseline: where it was in the baseline's first frame and how far it
 * went by the last (pixels of the analysis frame).
 *
 * @param track index in the {@link TrackSet}
 * @param x position in the first frame
 * @param y position in the first frame
 * @param dx displacement to the last frame
 * @param dy displacement to the last frame
 */
record TrackMotion(int track, double x, double y, double dx, double dy) {

  /** Length of the displacement. */
  double distance() {
    return Vector2.length(dx, dy);
  }
}
