package io.camreasoner.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-shot programme: shots rendered back to back with hard cuts between them.
 *
 * @param name short name (used for file names)
 * @param width frame width of every shot
 * @param height frame height of every shot
 * @param fps frame rate of every shot
 * @param shots the shots in order, contiguous from frame 0
 */
public record Programme(String name, int width, int height, double fps, List<Shot> shots) {

  /**
   * One shot of a programme.
   *
   * @param index 0-based shot index
   * @param startFrame first frame (inclusive)
   * @param endFrame frame after the last (exclusive)
   * @param spec what the shot shows
   */
  public record Shot(int index, int startFrame, int endFrame, ClipSpec spec) {}

  /** Validates that shots are contiguous and share the format. */
  public Programme {
    shots = List.copyOf(shots);
    int expected = 0;
    for (Shot s : shots) {
      if (s.startFrame() != expected || s.endFrame() - s.startFrame() != s.spec().frames()) {
        throw new IllegalArgumentException(
            "shots of '" + name + "' are not contiguous at shot " + s.index());
      }
      if (s.spec().width() != width || s.spec().height() != height || s.spec().fps() != fps) {
        throw new IllegalArgumentException(
            "shot " + s.index() + " of '" + name + "' has another format");
      }
      expected = s.endFrame();
    }
  }

  /** Builds a programme from shot specs, numbering frames from 0. */
  public static Programme of(String name, List<ClipSpec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a programme needs at least one shot");
    }
    List<Shot> shots = new ArrayList<>();
    int start = 0;
    for (ClipSpec spec : specs) {
      shots.add(new Shot(shots.size(), start, start + spec.frames(), spec));
      start += spec.frames();
    }
    ClipSpec first = specs.get(0);
    return new Programme(name, first.width(), first.height(), first.fps(), shots);
  }

  /** Total frames. */
  public int frames() {
    return shots.get(shots.size() - 1).endFrame();
  }

  /** The first frame of every shot after the first: the hard cuts. */
  public List<Integer> cuts() {
    return shots.stream().skip(1).map(Shot::startFrame).toList();
  }
}
