package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.List;

/**
 * Feature tracks over a window: for each track its position in every frame, NaN where the track
 * does not exist (not yet seeded, lost, or rejected by the forward-backward check).
 */
final class TrackSet {

  private final int frameCount;
  private final List<float[]> xs = new ArrayList<>();
  private final List<float[]> ys = new ArrayList<>();

  TrackSet(int frameCount) {
    this.frameCount = frameCount;
  }

  int frameCount() {
    return frameCount;
  }

  int size() {
    return xs.size();
  }

  /** Starts a track at a frame and returns its index. */
  int start(int frame, float x, float y) {
    float[] tx = new float[frameCount];
    float[] ty = new float[frameCount];
    java.util.Arrays.fill(tx, Float.NaN);
    java.util.Arrays.fill(ty, Float.NaN);
    tx[frame] = x;
    ty[frame] = y;
    xs.add(tx);
    ys.add(ty);
    return xs.size() - 1;
  }

  void set(int track, int frame, float x, float y) {
    xs.get(track)[frame] = x;
    ys.get(track)[frame] = y;
  }

  boolean present(int track, int frame) {
    return !Float.isNaN(xs.get(track)[frame]);
  }

  float x(int track, int frame) {
    return xs.get(track)[frame];
  }

  float y(int track, int frame) {
    return ys.get(track)[frame];
  }

  /** Indices of the tracks present in both frames. */
  int[] common(int a, int b) {
    int[] out = new int[size()];
    int n = 0;
    for (int t = 0; t < size(); t++) {
      if (present(t, a) && present(t, b)) {
        out[n++] = t;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
