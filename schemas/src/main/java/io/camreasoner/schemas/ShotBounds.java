package io.camreasoner.schemas;

import io.camreasoner.schemas.avro.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * The shots of a stream as design.md defines them: the non-empty stretches between its transitions.
 * A shot after a cut starts at the cut's frame; a shot after a gradual transition starts at its
 * end; a shot ends (exclusive) where the next transition starts, so the frames of a dissolve or
 * fade belong to no shot. Pure; used by ingest's end marker and the aggregator alike.
 */
public final class ShotBounds {
  private ShotBounds() {}

  /**
   * One shot's frames.
   *
   * @param startFrame first frame (inclusive)
   * @param endFrame frame after the last (exclusive)
   */
  public record Range(long startFrame, long endFrame) {}

  /**
   * The shots of a stream of {@code totalFrames} frames with these transitions (in frame order); an
   * unknown transition type counts as gradual.
   */
  public static List<Range> between(List<Transition> transitions, long totalFrames) {
    List<Range> shots = new ArrayList<>();
    long position = 0;
    for (Transition t : transitions) {
      boolean gradual =
          TransitionType.fromWire(t.getType()).map(TransitionType::gradual).orElse(true);
      long end = Math.min(t.getStartFrame(), totalFrames);
      if (end > position) {
        shots.add(new Range(position, end));
      }
      position = Math.max(position, gradual ? t.getEndFrame() : t.getStartFrame());
    }
    if (totalFrames > position) {
      shots.add(new Range(position, totalFrames));
    }
    return shots;
  }
}
