package io.camreasoner.ingest;

import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamInfo;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.pipeline.WindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.platform.lifecycle.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests many sources at once on a bounded pool, each through its own {@link StreamIngestor} into
 * a shared sink, and reports one result per source. A failing source never stops the others; its
 * error is logged as one line naming the source and the reason.
 */
public final class IngestService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  /** Receives progress of every source. */
  @FunctionalInterface
  public interface Listener {
    /** A listener that wants to know nothing. */
    Listener NONE = result -> {};

    /** Frames decoded so far of a source, with the expected total (0 if unknown). */
    default void progress(Source source, long decoded, long expected) {}

    /** A source finished (ok or failed). */
    void finished(IngestResult result);
  }

  private final StreamIngestor.Settings settings;
  private final WindowSink sink;
  private final IngestMetrics metrics;
  private final int threads;
  private ExecutorService pool;
  private final Set<Running> running = ConcurrentHashMap.newKeySet();

  /** An ingest under way: its source, its stop flag and, once it runs, its thread. */
  private static final class Running {
    final Source source;
    final AtomicBoolean stop = new AtomicBoolean();
    private Thread thread;

    Running(Source source) {
      this.source = source;
    }

    synchronized void stop() {
      stop.set(true);
      if (thread != null) {
        thread.interrupt(); // wakes a blocked read or a reconnect back-off
      }
    }

    /** The ingest runs on the calling thread from now on (interrupted at once if stopped). */
    synchronized void runsOn(Thread t) {
      thread = t;
      if (stop.get()) {
        t.interrupt();
      }
    }

    /** The ingest is over: no stop may reach the thread any more, nor its next task. */
    synchronized void done() {
      thread = null;
      Thread.interrupted();
    }
  }

  /**
   * @param threads sources decoded at once
   */
  public IngestService(
      StreamIngestor.Settings settings, WindowSink sink, IngestMetrics metrics, int threads) {
    this.settings = settings;
    this.sink = sink;
    this.metrics = metrics;
    this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public synchronized void start() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "ingest-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
  }

  /**
   * Stops reading every source being ingested now (queued ones included), as Ctrl-C does: each
   * finishes what it read (its windows go out) and its future completes with its result; a live
   * source ends cleanly, an archive ends with {@link StreamIngestor#STOPPED} and no end marker (so
   * it can be ingested again and resumed). Sources submitted later are not affected.
   */
  public void stopAll() {
    running.forEach(Running::stop);
  }

  /**
   * Stops reading the stream's sources being ingested now, as {@link #stopAll()} does for all;
   * their futures complete with their results.
   *
   * @return whether such an ingest was under way
   */
  public boolean stop(String streamId) {
    boolean any = false;
    for (Running r : running) {
      if (r.source.streamId().equals(streamId)) {
        r.stop();
        any = true;
      }
    }
    return any;
  }

  /** Starts ingesting a source in the background. */
  public synchronized Future<IngestResult> submit(Source source, Listener listener) {
    start();
    StreamIngestor ingestor = new StreamIngestor(settings, sink, metrics);
    Running r = new Running(source);
    running.add(r);
    return pool.submit(
        () -> {
          r.runsOn(Thread.currentThread());
          try {
            return ingest(ingestor, source, listener, r.stop);
          } finally {
            running.remove(r);
            r.done();
          }
        });
  }

  private IngestResult ingest(
      StreamIngestor ingestor, Source source, Listener listener, AtomicBoolean stop) {
    LOG.info("ingesting {} as stream {}", source.display(), source.streamId());
    IngestResult result =
        ingestor.run(source, (d, e) -> listener.progress(source, d, e), stop::get);
    if (result.ok()) {
      LOG.info(
          "{}: {} frames, {} windows, {} cuts",
          result.source(),
          result.frames(),
          result.windows(),
          result.cuts().size());
    } else {
      LOG.error("{}: {}", result.source(), result.error());
    }
    listener.finished(result);
    return result;
  }

  /** Ingests every source (concurrently) and returns their results in input order. */
  public List<IngestResult> ingestAll(List<Source> sources, Listener listener)
      throws InterruptedException {
    List<Future<IngestResult>> futures = new ArrayList<>();
    for (Source s : sources) {
      futures.add(submit(s, listener));
    }
    List<IngestResult> results = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (ExecutionException e) {
        Source s = sources.get(i);
        String reason = "internal error: " + e.getCause();
        LOG.error("{}: {}", s.display(), reason);
        results.add(
            IngestResult.failed(s.display(), s.streamId(), reason, StreamInfo.sessionOf(s)));
      }
    }
    return results;
  }

  /** How long closing waits for stopped sources to publish their last windows and end markers. */
  private static final long PUBLISH_AFTER_STOP_SECONDS = 10;

  /**
   * Stops every source (interrupting its thread) and waits until each has published the windows of
   * what it read and its end marker: a source blocked in an FFmpeg read notices the stop only when
   * the read times out, so the wait is one read timeout longer than publishing takes.
   */
  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(
            settings.timeout().toSeconds() + PUBLISH_AFTER_STOP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pool = null;
    }
  }
}
