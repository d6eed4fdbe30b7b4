package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.List;

/**
 * Two frames of the window and the tracks alive in both: the span over which motion is measured.
 * Longer spans show more motion against the same tracking noise (slow moves, parallax), so the
 * reasoner measures over the longest span that keeps enough tracks, i.e. over track lifetimes, not
 * frame pairs.
 *
 * @param from index of the first frame in the window
 * @param to index of the last frame
 * @param seconds time between them
 * @param tracks the tracks alive in both, with their displacement
 */
record Baseline(int from, int to, double seconds, List<TrackMotion> tracks) {

  /**
   * Of each span (the whole window first), the share of the tracks alive over the first frame pair
   * a baseline must keep (and at least {@code minTracks}), so a span that lost most tracks to
   * content leaving the frame is not chosen: a fast dolly keeps a tenth of its tracks over the
   * whole window, too few for the parallax of its nearer layers to show against movers, while half
   * the window keeps most of them. (An absolute cap of 30 tracks chose those sparse spans; without
   * it bench seeds 7001/7002 gain a dolly each and lose nothing.)
   */
  static final double ENOUGH_TRACKS_SHARE = 0.5;

  /** The tracks alive in both frames. */
  static Baseline of(TrackSet tracks, double[] times, int from, int to) {
    int[] ids = tracks.common(from, to);
    List<TrackMotion> motions = new ArrayList<>(ids.length);
    for (int t : ids) {
      float x = tracks.x(t, from);
      float y = tracks.y(t, from);
      motions.add(new TrackMotion(t, x, y, tracks.x(t, to) - x, tracks.y(t, to) - y));
    }
    return new Baseline(from, to, Math.max(times[to] - times[from], 1e-9), motions);
  }

  /** The longest span that keeps enough tracks, the pair of that span sharing most of them. */
  static Baseline longest(TrackSet tracks, double[] times, int minTracks) {
    int n = tracks.frameCount();
    int need =
        Math.max(minTracks, (int) Math.ceil(ENOUGH_TRACKS_SHARE * tracks.common(0, 1).length));
    for (int span = n - 1; span >= 1; span--) {
      int best = -1;
      int bestCount = 0;
      for (int a = 0; a + span < n; a++) {
        int c = tracks.common(a, a + span).length;
        if (c >= need && c > bestCount) {
          best = a;
          bestCount = c;
        }
      }
      if (best >= 0) {
        return of(tracks, times, best, best + span);
      }
    }
    return of(tracks, times, 0, 1);
  }

  /** Number of frame steps the baseline spans. */
  int span() {
    return to - from;
  }
}
