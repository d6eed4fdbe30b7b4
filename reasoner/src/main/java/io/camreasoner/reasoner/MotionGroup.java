package io.camreasoner.reasoner;

import java.util.List;

/**
 * Tracks that leave the background's motion together: near one another and with about the same
 * residual. Either an object moving on its own (a walker, a car, a crowd) or, when the camera
 * translates, a surface at another depth than the background (parallax).
 *
 * @param members the tracks
 * @param x centroid x at the baseline's start (pixels)
 * @param y centroid y
 * @param residualX mean residual after the background's motion (pixels over the baseline)
 * @param residualY mean residual
 * @param flowX mean motion the background would have given these tracks (pixels)
 * @param flowY mean background motion
 */
record MotionGroup(
    List<TrackMotion> members,
    double x,
    double y,
    double residualX,
    double residualY,
    double flowX,
    double flowY) {

  /** Size of the mean residual. */
  double residual() {
    return Vector2.length(residualX, residualY);
  }

  /** Size of the background's own motion at the group. */
  double flow() {
    return Vector2.length(flowX, flowY);
  }

  int size() {
    return members.size();
  }
}
