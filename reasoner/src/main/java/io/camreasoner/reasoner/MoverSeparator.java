package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 3 of the reasoner: the tracks the background's motion does not explain, gathered into
 * coherent groups ({@link MotionGroup}): two outlier tracks belong together when they are close and
 * their residuals agree. What a group is (an independent object or a depth layer) is decided by
 * {@link ParallaxTest}.
 */
final class MoverSeparator {

  /** Outlier tracks closer than this (frame widths) may belong to one object. */
  static final double GROUP_RADIUS = 0.12;

  /**
   * Residuals of one group differ by less than this share of the larger one (or the fit tolerance):
   * a rigid object's tracks share one motion; 0.35 leaves room for an object that turns or a
   * surface slanted in depth.
   */
  static final double GROUP_RESIDUAL_SPREAD = 0.35;

  /** A group needs this many tracks: a lone outlier is more likely a tracking error. */
  static final int MIN_GROUP_TRACKS = 2;

  /** The mover-share grid has cells of this share of the frame width. */
  static final double CELL = 1 / 16.0;

  private MoverSeparator() {}

  /** The groups of outlier tracks, largest first. */
  static List<MotionGroup> groups(BackgroundMotion background, int w) {
    List<TrackMotion> outliers = new ArrayList<>();
    List<double[]> residuals = new ArrayList<>();
    for (TrackMotion t : background.baseline().tracks()) {
      double[] r = background.homography().residual(t);
      if (Vector2.length(r[0], r[1]) > background.separation()) {
        outliers.add(t);
        residuals.add(r);
      }
    }
    int n = outliers.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    double radius = GROUP_RADIUS * w;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        TrackMotion a = outliers.get(i);
        TrackMotion b = outliers.get(j);
        if (Vector2.length(a.x() - b.x(), a.y() - b.y()) > radius) {
          continue;
        }
        double[] ra = residuals.get(i);
        double[] rb = residuals.get(j);
        double larger = Math.max(Vector2.length(ra[0], ra[1]), Vector2.length(rb[0], rb[1]));
        double allowed = Math.max(background.separation(), GROUP_RESIDUAL_SPREAD * larger);
        if (Vector2.length(ra[0] - rb[0], ra[1] - rb[1]) <= allowed) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
    }
    List<List<Integer>> members = new ArrayList<>();
    int[] slot = new int[n];
    java.util.Arrays.fill(slot, -1);
    for (int i = 0; i < n; i++) {
      int root = find(parent, i);
      if (slot[root] < 0) {
        slot[root] = members.size();
        members.add(new ArrayList<>());
      }
      members.get(slot[root]).add(i);
    }
    List<MotionGroup> groups = new ArrayList<>();
    for (List<Integer> m : members) {
      if (m.size() < MIN_GROUP_TRACKS) {
        continue;
      }
      double x = 0, y = 0, rx = 0, ry = 0, fx = 0, fy = 0;
      List<TrackMotion> tracks = new ArrayList<>(m.size());
      for (int i : m) {
        TrackMotion t = outliers.get(i);
        double[] f = background.homography().flow(t);
        tracks.add(t);
        x += t.x();
        y += t.y();
        rx += residuals.get(i)[0];
        ry += residuals.get(i)[1];
        fx += f[0];
        fy += f[1];
      }
      int k = m.size();
      groups.add(
          new MotionGroup(List.copyOf(tracks), x / k, y / k, rx / k, ry / k, fx / k, fy / k));
    }
    groups.sort((a, b) -> Integer.compare(b.size(), a.size()));
    return List.copyOf(groups);
  }

  /**
   * Share of the frame the given groups cover: grid cells ({@link #CELL} of the width) holding at
   * least one of their tracks, over all cells.
   */
  static double frameShare(List<MotionGroup> groups, int w, int h) {
    double cell = CELL * w;
    int cols = (int) Math.ceil(w / cell);
    int rows = (int) Math.ceil(h / cell);
    boolean[] hit = new boolean[cols * rows];
    int count = 0;
    for (MotionGroup g : groups) {
      for (TrackMotion t : g.members()) {
        int c = (int) Math.max(0, Math.min(cols - 1, Math.floor(t.x() / cell)));
        int r = (int) Math.max(0, Math.min(rows - 1, Math.floor(t.y() / cell)));
        if (!hit[r * cols + c]) {
          hit[r * cols + c] = true;
          count++;
        }
      }
    }
    return count / (double) (cols * rows);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
