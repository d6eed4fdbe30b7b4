package io.camreasoner.worker.testing;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedFrame;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic backend for loop tests: reads the decoded pixels (mean absolute difference of
 * first and last frame) and answers static or pan-left from it, so every output is a pure function
 * of the window. Streams named {@code poison*} fail non-retriably; windows of streams named {@code
 * flaky*} fail retriably on their first call.
 */
public final class PixelBackends implements BackendFactory {

  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final int batch;
  private final long millisPerWindow;
  private volatile boolean jitter;

  public PixelBackends(int batch) {
    this(batch, 0);
  }

  /**
   * @param millisPerWindow simulated inference cost per window (spent before answering)
   */
  public PixelBackends(int batch, long millisPerWindow) {
    this.batch = batch;
    this.millisPerWindow = millisPerWindow;
  }

  /**
   * Makes every third window (by sequence) take 40 ms longer, so windows processed side by side
   * finish out of order.
   */
  public PixelBackends withJitter() {
    jitter = true;
    return this;
  }

  /** Names of the threads that called a backend of this factory. */
  public Set<String> threads() {
    return Set.copyOf(threads);
  }

  @Override
  public String name() {
    return "pixel-test";
  }

  @Override
  public int preferredBatchSize() {
    return batch;
  }

  @Override
  public String resultSettings() {
    return "";
  }

  @Override
  public ReasonerBackend create() {
    return new ReasonerBackend() {
      @Override
      public String name() {
        return "pixel-test";
      }

      @Override
      public String modelVersion() {
        return "1";
      }

      @Override
      public List<BackendResult> reason(List<DecodedWindow> windows) throws BackendException {
        List<BackendResult> out = new ArrayList<>();
        threads.add(Thread.currentThread().getName());
        long slow = jitter ? windows.stream().filter(w -> w.windowSeq() % 3 == 0).count() * 40 : 0;
        if (slow > 0) {
          try {
            Thread.sleep(slow);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.ofBatch("interrupted", true, e);
          }
        }
        if (millisPerWindow > 0) {
          try {
            Thread.sleep(millisPerWindow * windows.size()); // simulated inference time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.ofBatch("interrupted", true, e);
          }
        }
        for (int i = 0; i < windows.size(); i++) {
          DecodedWindow w = windows.get(i);
          if (w.streamId().startsWith("poison")) {
            throw new BackendException("poisoned " + w.describe(), false, i, null);
          }
          if (w.streamId().startsWith("flaky") && failedOnce.add(w.describe())) {
            throw BackendException.ofBatch("endpoint busy", true, null);
          }
          double diff = meanAbsDiff(w.frames().get(0), w.frames().get(w.frames().size() - 1));
          MotionLabel l = diff < 2 ? MotionLabel.STATIC : MotionLabel.PAN_LEFT;
          Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
          scores.put(l, 0.9);
          out.add(
              new BackendResult(
                  List.of(l),
                  scores,
                  String.format(Locale.ROOT, "mean abs difference %.3f", diff),
                  "threshold 2",
                  l.label(),
                  BackendResult.noCues(),
                  0));
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }

  static double meanAbsDiff(DecodedFrame a, DecodedFrame b) {
    long sum = 0;
    for (int i = 0; i < a.gray().length; i++) {
      sum += Math.abs((a.gray()[i] & 0xff) - (b.gray()[i] & 0xff));
    }
    return sum / (double) a.gray().length;
  }

  @Override
  public void close() {}
}
