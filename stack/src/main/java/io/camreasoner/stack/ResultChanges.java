package io.camreasoner.stack;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What changed between two result sets of the same video (two producers' timelines of one stream
 * and session, e.g. the geometry reasoner and a newer model): per shot, the movements its segments
 * name in order, and the shots where they differ. Segment boundaries alone do not count: a shot
 * whose segments name the same movements in the same order is unchanged.
 */
public final class ResultChanges {
  private ResultChanges() {}

  /**
   * One shot whose labels differ.
   *
   * @param shot the shot index
   * @param startFrame its first frame (of the newer result, or the older when the newer lacks it)
   * @param endFrame the frame after its last
   * @param before the older result's movements in order ({@code pan-left+tilt-up}, {@code (gap)}),
   *     empty when it has no such shot
   * @param after the newer result's movements, empty when it has no such shot
   */
  public record ShotChange(
      int shot, long startFrame, long endFrame, List<String> before, List<String> after) {}

  /** The shots whose movements differ between {@code before} and {@code after}, in shot order. */
  public static List<ShotChange> between(List<ShotTimeline> before, List<ShotTimeline> after) {
    Map<Integer, ShotTimeline> old = byIndex(before);
    Map<Integer, ShotTimeline> now = byIndex(after);
    TreeMap<Integer, Boolean> all = new TreeMap<>();
    old.keySet().forEach(i -> all.put(i, true));
    now.keySet().forEach(i -> all.put(i, true));
    List<ShotChange> out = new ArrayList<>();
    for (int i : all.keySet()) {
      ShotTimeline a = old.get(i);
      ShotTimeline b = now.get(i);
      List<String> was = movements(a);
      List<String> is = movements(b);
      if (!Objects.equals(was, is)) {
        ShotTimeline shown = b != null ? b : a;
        out.add(new ShotChange(i, shown.getStartFrame(), shown.getEndFrame(), was, is));
      }
    }
    return out;
  }

  /** A shot's movements: each segment's labels joined by {@code +}, repeats in a row merged. */
  static List<String> movements(ShotTimeline t) {
    List<String> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    for (Segment s : t.getSegments()) {
      String m =
          s.getLabels().isEmpty()
              ? (s.getGap() != null ? "(gap)" : "(none)")
              : String.join("+", s.getLabels().stream().sorted().toList());
      if (out.isEmpty() || !out.get(out.size() - 1).equals(m)) {
        out.add(m);
      }
    }
    return out;
  }

  private static Map<Integer, ShotTimeline> byIndex(List<ShotTimeline> shots) {
    Map<Integer, ShotTimeline> m = new TreeMap<>();
    shots.forEach(t -> m.put(t.getShotIndex(), t));
    return m;
  }
}
