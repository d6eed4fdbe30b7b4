package io.camreasoner.ingest.cuts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSignatureTest {
  private static final int W = 96;
  private static final int H = 54;

  /** A smooth random texture (sum of waves), moved by (shiftX, shiftY) source pixels. */
  private static byte[] texture(long seed, int shiftX, int shiftY) {
    Random random = new Random(seed);
    double[][] waves = new double[6][];
    for (int i = 0; i < waves.length; i++) {
      waves[i] =
          new double[] {
            random.nextDouble() * 0.4 - 0.2,
            random.nextDouble() * 0.4 - 0.2,
            random.nextDouble() * 6
          };
    }
    byte[] bgr = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double v = 128;
        for (double[] w : waves) {
          v += 20 * Math.sin(w[0] * (x - shiftX) + w[1] * (y - shiftY) + w[2]);
        }
        int p = (y * W + x) * 3;
        byte level = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        bgr[p] = level;
        bgr[p + 1] = level;
        bgr[p + 2] = level;
      }
    }
    return bgr;
  }

  /** The definition, one shift at a time: this at p against previous at p - (dx, dy). */
  private static double shifted(FrameSignature self, FrameSignature previous, int dx, int dy) {
    int w = FrameSignature.THUMB_W;
    int x0 = Math.max(0, dx);
    int x1 = Math.min(w, w + dx);
    int y0 = Math.max(0, dy);
    int y1 = Math.min(FrameSignature.THUMB_H, FrameSignature.THUMB_H + dy);
    double sum = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        sum += Math.abs(self.luma()[y * w + x] - previous.luma()[(y - dy) * w + x - dx]);
      }
    }
    return sum / ((x1 - x0) * (y1 - y0));
  }

  @Test
  void shouldGiveEveryShiftsCostToTheLastBitWhenComputingTheWholeGrid() {
    for (long seed = 1; seed <= 5; seed++) {
      FrameSignature before = FrameSignature.ofBgr(texture(seed, 0, 0), W, H);
      FrameSignature after = FrameSignature.ofBgr(texture(seed + 10, 3, -5), W, H);
      double[] grid = after.costs(before);
      int side = 2 * FrameSignature.MAX_SHIFT + 1;
      assertThat(grid).hasSize(side * side);
      for (int dy = -FrameSignature.MAX_SHIFT; dy <= FrameSignature.MAX_SHIFT; dy++) {
        for (int dx = -FrameSignature.MAX_SHIFT; dx <= FrameSignature.MAX_SHIFT; dx++) {
          double one = shifted(after, before, dx, dy);
          assertThat(grid[(dy + FrameSignature.MAX_SHIFT) * side + dx + FrameSignature.MAX_SHIFT])
              .as("shift %d,%d of seed %d", dx, dy, seed)
              .isEqualTo(one);
        }
      }
    }
  }

  @Test
  void shouldFindTheMotionAndTheDistanceOfAMovedPictureWhenComparingWithTheOneBefore() {
    FrameSignature before = FrameSignature.ofBgr(texture(7, 0, 0), W, H);
    // four source pixels right and two up are two thumbnail pixels right and one up
    FrameSignature after = FrameSignature.ofBgr(texture(7, 4, -2), W, H);
    FrameSignature.Comparison c = after.compareWith(before);
    assertThat(c.motion()[0]).isCloseTo(2.0, within(0.25));
    assertThat(c.motion()[1]).isCloseTo(-1.0, within(0.25));
    assertThat(c.motion()).containsExactly(after.motionSince(before));
    assertThat(c.distance()).isEqualTo(after.distance(before)).isLessThan(0.2);
    assertThat(after.distance(after)).isZero();
  }

  @Test
  void shouldGiveTheSameDistanceAsTheShiftSearchWhenThePicturesDiffer() {
    FrameSignature a = FrameSignature.ofBgr(texture(21, 0, 0), W, H);
    FrameSignature b = FrameSignature.ofBgr(texture(22, 0, 0), W, H);
    double distance = b.distance(a);
    assertThat(distance).isGreaterThan(0.3);
    assertThat(b.compareWith(a).distance()).isEqualTo(distance);
  }

  @Test
  void shouldAnswerAsTheDistanceDoesWhenAskedWhetherTwoPicturesAreCloserThanALimit() {
    FrameSignature a = FrameSignature.ofBgr(texture(31, 0, 0), W, H);
    FrameSignature moved = FrameSignature.ofBgr(texture(31, 2, 2), W, H);
    FrameSignature other = FrameSignature.ofBgr(texture(32, 0, 0), W, H);
    for (FrameSignature b : new FrameSignature[] {a, moved, other}) {
      double distance = b.distance(a);
      for (double limit : new double[] {distance * 0.5, distance, distance * 1.0001, 0.45, 2}) {
        assertThat(b.closerThan(a, limit))
            .as("limit %s, distance %s", limit, distance)
            .isEqualTo(distance < limit);
      }
    }
  }
}
