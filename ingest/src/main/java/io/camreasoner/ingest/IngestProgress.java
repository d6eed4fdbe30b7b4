package io.camreasoner.ingest;

import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows ingest progress over all inputs: a progress bar (frames, rate, ETA) when standard error is
 * a terminal, otherwise one log line every {@code interval} with frames, frames/s and inputs done.
 */
public final class IngestProgress implements IngestService.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);

  private final Map<String, long[]> perSource = new ConcurrentHashMap<>();
  private final AtomicInteger done = new AtomicInteger();
  private final int inputs;
  private final ProgressBar bar;
  private final ScheduledExecutorService ticker;
  private final long started = System.nanoTime();

  /** Progress over {@code inputs} sources; {@code terminal} picks the bar over log lines. */
  public IngestProgress(int inputs, boolean terminal, Duration interval) {
    this.inputs = inputs;
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("ingest")
              .setInitialMax(-1)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUnit(" frames", 1)
              .showSpeed()
              .setUpdateIntervalMillis(250)
              .build();
      ticker = null;
    } else {
      bar = null;
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "ingest-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(
          this::log, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** True when standard error looks like an interactive terminal. */
  public static boolean onTerminal() {
    return System.console() != null && System.getenv("CI") == null;
  }

  @Override
  public void progress(Source source, long decoded, long expected) {
    long[] state = perSource.computeIfAbsent(source.streamId(), k -> new long[2]);
    state[0] = decoded;
    state[1] = expected;
    if (bar != null && (decoded & 7) == 0) {
      long total = 0;
      long frames = 0;
      for (long[] s : perSource.values()) {
        frames += s[0];
        total += Math.max(s[0], s[1]);
      }
      bar.maxHint(total > 0 ? total : -1);
      bar.stepTo(frames);
      bar.setExtraMessage(done.get() + "/" + inputs + " inputs");
    }
  }

  @Override
  public void finished(IngestResult result) {
    done.incrementAndGet();
    if (bar != null) {
      bar.setExtraMessage(done.get() + "/" + inputs + " inputs");
    }
  }

  /** Frames decoded so far over all inputs. */
  public long frames() {
    return perSource.values().stream().mapToLong(s -> s[0]).sum();
  }

  private void log() {
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    long frames = frames();
    LOG.info(
        "ingest progress: {} frames ({} fps), {}/{} inputs done",
        frames,
        Math.round(frames / seconds),
        done.get(),
        inputs);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.stepTo(frames());
      bar.close();
    }
    if (ticker != null) {
      ticker.shutdownNow();
      log();
    }
  }
}
