package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_imgproc.goodFeaturesToTrack;
import static org.bytedeco.opencv.global.opencv_video.calcOpticalFlowPyrLK;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/**
 * Pyramidal Lucas-Kanade tracking with a forward-backward check, chained over all frames of a
 * window. Features are Shi-Tomasi corners; when fewer than half the wanted tracks survive (content
 * leaving the frame), new corners are seeded away from the surviving ones. Call inside a {@link
 * org.bytedeco.javacpp.PointerScope}: the native buffers it allocates are released with the scope.
 */
final class KltTracker {

  private static final double QUALITY = 0.01;
  private static final int PYRAMID_LEVELS = 3;

  private final int maxTracks;
  private final double minDistance;
  private final double maxForwardBackwardError;
  private final Size window = new Size(15, 15);
  private final TermCriteria criteria =
      new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 20, 0.03);

  KltTracker(int maxTracks, int frameWidth) {
    this.maxTracks = maxTracks;
    this.minDistance = Math.max(4.0, frameWidth / 40.0);
    this.maxForwardBackwardError = Math.max(0.5, frameWidth / 400.0);
  }

  TrackSet track(List<Mat> frames) {
    TrackSet tracks = new TrackSet(frames.size());
    int[] alive = seed(frames.get(0), tracks, 0, new int[0]);
    for (int f = 1; f < frames.size(); f++) {
      alive = step(frames.get(f - 1), frames.get(f), tracks, f, alive);
      if (alive.length < maxTracks / 2 && f < frames.size() - 1) {
        alive = seed(frames.get(f), tracks, f, alive);
      }
    }
    return tracks;
  }

  /** Detects corners in a frame, keeps those away from live tracks, starts tracks for them. */
  private int[] seed(Mat frame, TrackSet tracks, int f, int[] alive) {
    int want = maxTracks - alive.length;
    if (want <= 0) {
      return alive;
    }
    Mat corners = new Mat();
    goodFeaturesToTrack(frame, corners, maxTracks, QUALITY, minDistance, new Mat(), 3, false, 0.04);
    int n = corners.rows();
    int[] out = java.util.Arrays.copyOf(alive, alive.length + n);
    int count = alive.length;
    if (n == 0) {
      return alive;
    }
    float[] xy = new float[n * 2];
    new FloatPointer(corners.data()).get(xy);
    double min2 = minDistance * minDistance;
    for (int i = 0; i < n && count - alive.length < want; i++) {
      float x = xy[2 * i];
      float y = xy[2 * i + 1];
      boolean free = true;
      for (int a : alive) {
        double dx = tracks.x(a, f) - x;
        double dy = tracks.y(a, f) - y;
        if (dx * dx + dy * dy < min2) {
          free = false;
          break;
        }
      }
      if (free) {
        out[count++] = tracks.start(f, x, y);
      }
    }
    return java.util.Arrays.copyOf(out, count);
  }

  /** Tracks live tracks from frame f-1 to f; returns the survivors. */
  private int[] step(Mat prev, Mat next, TrackSet tracks, int f, int[] alive) {
    int n = alive.length;
    if (n == 0) {
      return alive;
    }
    float[] p0 = new float[2 * n];
    for (int i = 0; i < n; i++) {
      p0[2 * i] = tracks.x(alive[i], f - 1);
      p0[2 * i + 1] = tracks.y(alive[i], f - 1);
    }
    Mat prevPts = points(p0);
    Mat nextPts = new Mat();
    Mat backPts = new Mat();
    Mat status = new Mat();
    Mat backStatus = new Mat();
    Mat err = new Mat();
    calcOpticalFlowPyrLK(
        prev, next, prevPts, nextPts, status, err, window, PYRAMID_LEVELS, criteria, 0, 1e-4);
    calcOpticalFlowPyrLK(
        next, prev, nextPts, backPts, backStatus, err, window, PYRAMID_LEVELS, criteria, 0, 1e-4);
    float[] p1 = new float[2 * n];
    float[] pb = new float[2 * n];
    new FloatPointer(nextPts.data()).get(p1);
    new FloatPointer(backPts.data()).get(pb);
    BytePointer st = status.data();
    BytePointer bst = backStatus.data();
    int w = next.cols();
    int h = next.rows();
    int[] out = new int[n];
    int count = 0;
    double maxErr2 = maxForwardBackwardError * maxForwardBackwardError;
    for (int i = 0; i < n; i++) {
      if (st.get(i) == 0 || bst.get(i) == 0) {
        continue;
      }
      float x = p1[2 * i];
      float y = p1[2 * i + 1];
      double ex = pb[2 * i] - p0[2 * i];
      double ey = pb[2 * i + 1] - p0[2 * i + 1];
      if (ex * ex + ey * ey > maxErr2 || x < 0 || y < 0 || x > w - 1 || y > h - 1) {
        continue;
      }
      tracks.set(alive[i], f, x, y);
      out[count++] = alive[i];
    }
    return java.util.Arrays.copyOf(out, count);
  }

  static Mat points(float[] xy) {
    Mat m = new Mat(xy.length / 2, 1, CV_32FC2);
    new FloatPointer(m.data()).put(xy);
    return m;
  }
}
