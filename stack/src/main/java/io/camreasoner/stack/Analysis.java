package io.camreasoner.stack;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.ingest.IngestProgress;
import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamInfo;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.worker.InferenceWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis of a set of inputs on a running {@link PipelineStack}, as {@code analyze} and {@code
 * bench e2e} run it: every input ingested at once, then a wait until the last shot of each input's
 * timeline (its ingest session, the stack's producer) is closed, and the {@link AnalysisReport} of
 * what the timelines say.
 *
 * <p>Every input ends, done or failed, and the run never waits forever:
 *
 * <ul>
 *   <li>An input that failed after publishing windows (a live source that gave up, a damaged file)
 *       is waited for like the others: its timeline of what was seen is reported with the error.
 *   <li>A watchdog ends the run when nothing moves for {@link Limits#stall()} (no frame decoded, no
 *       window folded, no input finished): every input still open is reported failed, naming what
 *       it waited for; the timelines so far are kept.
 *   <li>{@link #requestStop()} (Ctrl-C) stops reading every source. A live source's windows in
 *       flight are folded (for at most {@link Limits#drain()}) and what was seen is its result; an
 *       archive not complete (an HLS playlist that had ended when it was opened is one) is paused
 *       at once ({@link #STOPPED}), for a resumed run to finish.
 * </ul>
 */
public final class Analysis {
  private static final Logger LOG = LoggerFactory.getLogger(Analysis.class);

  /** How often the loop looks at the inputs. */
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Longest wait, once a timeline is complete, for the motion events of its windows (the curves):
   * they were committed before the timeline that folded them, so they are normally in already.
   */
  private static final Duration CURVE_WAIT = Duration.ofSeconds(10);

  /** The reason of an archive whose reading was stopped by request before its end. */
  public static final String STOPPED = StreamIngestor.STOPPED;

  /**
   * How long the analysis may wait.
   *
   * @param afterIngest longest wait for the timelines once every input was read ({@code --timeout})
   * @param stall longest time without any progress before the run is ended ({@code
   *     --stall-timeout})
   * @param drain after a stop request, longest wait for the windows in flight to be folded
   */
  public record Limits(Duration afterIngest, Duration stall, Duration drain) {
    /** Defaults: 30 minutes after ingest, 2 minutes without progress, 30 s to drain. */
    public static Limits defaults() {
      return new Limits(Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofSeconds(30));
    }
  }

  private final PipelineStack stack;
  private final TimelineCollector timelines;
  private final AnalyzeState state;
  private final Limits limits;
  private volatile boolean stopRequested;

  /**
   * @param state the resumable run state (inputs already complete are skipped), or null
   */
  public Analysis(
      PipelineStack stack, TimelineCollector timelines, AnalyzeState state, Limits limits) {
    this.stack = stack;
    this.timelines = timelines;
    this.state = state;
    this.limits = limits;
  }

  /**
   * Stops reading every source (Ctrl-C): {@link #run} then waits at most {@link Limits#drain()} for
   * the windows already read and returns. Safe from any thread.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /** One input under way: its source, its ingest, its result once known. */
  private static final class Input {
    final Source source;
    Future<IngestResult> ingest;
    IngestResult result;
    boolean complete;

    Input(Source source) {
      this.source = source;
    }
  }

  /**
   * Ingests the inputs not yet complete and waits until each is done or failed, recording each
   * complete input in the run's state. Returns one result per input, in input order; an input that
   * did not finish carries the reason.
   */
  public List<IngestResult> run(List<Source> sources) throws InterruptedException {
    String producer = stack.producer();
    InferenceWorker worker = stack.worker();
    List<Input> inputs = sources.stream().map(Input::new).toList();
    AtomicLong decoded = new AtomicLong();
    try (IngestProgress progress =
        new IngestProgress(sources.size(), IngestProgress.onTerminal(), Duration.ofSeconds(10))) {
      IngestService.Listener listener = counting(progress, decoded);
      for (Input in : inputs) {
        Optional<IngestResult> done =
            state == null ? Optional.empty() : state.done(in.source.streamId());
        if (done.isPresent()) {
          in.result = done.get();
          progress.progress(in.source, in.result.frames(), in.result.frames());
          progress.finished(in.result);
        } else {
          in.ingest = stack.ingest().submit(in.source, listener);
        }
      }
      long lastSignature = -1;
      long lastProgress = System.nanoTime();
      long ingestDone = Long.MAX_VALUE;
      long stoppedAt = Long.MAX_VALUE;
      while (true) {
        boolean all = true;
        for (Input in : inputs) {
          if (!in.complete) {
            update(in, producer);
            all &= in.complete;
          }
        }
        if (all) {
          return results(inputs);
        }
        long now = System.nanoTime();
        if (stopRequested && stoppedAt == Long.MAX_VALUE) {
          stoppedAt = now;
          LOG.info("stop requested: reading stops; folding the windows in flight");
          stack.ingest().stopAll();
        }
        long signature = decoded.get() + progressOf(inputs, producer);
        if (signature != lastSignature) {
          lastSignature = signature;
          lastProgress = now;
        }
        if (ingestDone == Long.MAX_VALUE && inputs.stream().allMatch(in -> in.result != null)) {
          ingestDone = now;
          LOG.info("ingest done; waiting for the last shot of every input to close");
        }
        String giveUp = null;
        if (worker != null && worker.service().failure() != null) {
          giveUp = "the inference worker failed: " + worker.service().failure();
        } else if (now - stoppedAt > limits.drain().toNanos()) {
          giveUp = STOPPED + "; windows still in flight after " + seconds(limits.drain());
        } else if (now - lastProgress > limits.stall().toNanos()) {
          giveUp = "no progress for " + seconds(limits.stall());
        } else if (now - ingestDone > limits.afterIngest().toNanos()) {
          giveUp = "timelines not complete within " + seconds(limits.afterIngest()) + " of ingest";
        }
        if (giveUp != null) {
          if (worker != null) {
            // the run is over: closing the stack need not wait for work that did not move
            worker.service().abandonInFlight();
          }
          return gaveUp(inputs, producer, giveUp);
        }
        LockSupport.parkNanos(POLL.toNanos());
        if (Thread.interrupted()) {
          throw new InterruptedException("analysis interrupted");
        }
      }
    }
  }

  /** The listener that forwards to the progress display and counts decoded frames. */
  private static IngestService.Listener counting(IngestProgress progress, AtomicLong decoded) {
    return new IngestService.Listener() {
      @Override
      public void progress(Source source, long frames, long expected) {
        decoded.incrementAndGet();
        progress.progress(source, frames, expected);
      }

      @Override
      public void finished(IngestResult result) {
        progress.finished(result);
      }
    };
  }

  /** Takes in the input's ingest result once there, and completes it once its timeline is. */
  private void update(Input in, String producer) {
    if (in.result == null && in.ingest != null && in.ingest.isDone()) {
      in.result = result(in.source, in.ingest);
    }
    IngestResult r = in.result;
    if (r == null) {
      return;
    }
    // an input that published windows is complete when its timeline is, failed or not
    if (r.windows() == 0 || timelines.finished(r.streamId(), r.session(), producer)) {
      in.complete = true;
      if (r.ok() && state != null) {
        state.markDone(r);
      }
    } else if (stopRequested && r.session() == 0) {
      // an archive stopped by request is paused as it is, without waiting for its windows in
      // flight: a resumed run completes it (a live source's windows are waited for instead).
      // Whether it was read as an archive is the ingest's word (session 0), not the input's: an
      // HLS playlist counts as live until read, and one that had ended by then is an archive
      in.result = STOPPED.equals(r.error()) ? r : withError(r, STOPPED);
      in.complete = true;
    }
  }

  /** A number that grows with every window folded and every input completed. */
  private long progressOf(List<Input> inputs, String producer) {
    long n = 0;
    for (Input in : inputs) {
      if (in.complete) {
        n += 1_000_000_000L;
      } else if (in.result != null) {
        n += 1 + timelines.windowsFolded(in.result.streamId(), in.result.session(), producer);
      }
    }
    return n;
  }

  /**
   * The results when the run ends before every input did: each input still open is failed with the
   * reason and what it was waiting for; complete ones keep theirs.
   */
  private List<IngestResult> gaveUp(List<Input> inputs, String producer, String reason) {
    List<String> open = new ArrayList<>();
    stack.ingest().stopAll();
    for (Input in : inputs) {
      if (in.complete) {
        continue;
      }
      String waited;
      IngestResult r = in.result;
      if (r == null) {
        waited = "still reading the source";
        r = IngestResult.failed(in.source.display(), in.source.streamId(), null, 0);
      } else {
        long folded = timelines.windowsFolded(r.streamId(), r.session(), producer);
        waited =
            "waiting for its timeline: "
                + folded
                + " of "
                + r.windows()
                + " windows folded, last shot not closed";
      }
      String error = reason + " (" + waited + ")" + (r.ok() ? "" : "; " + r.error());
      open.add(in.source.display() + ": " + waited);
      in.result = withError(r, error);
      in.complete = true;
    }
    LOG.error("analysis ended: {}; inputs not finished: {}", reason, open);
    return results(inputs);
  }

  private static IngestResult withError(IngestResult r, String error) {
    return new IngestResult(
        r.source(),
        r.streamId(),
        r.fps(),
        r.frames(),
        r.windows(),
        r.cuts(),
        r.decodeErrors(),
        r.reconnects(),
        error,
        r.session(),
        r.transitions());
  }

  private static List<IngestResult> results(List<Input> inputs) {
    return inputs.stream().map(in -> in.result).toList();
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  /**
   * The report of these results: each input's shots from its timeline (also for an input that
   * failed after publishing windows: what was seen), and the error of every failed input and of
   * every input with windows that could not be reasoned about (gaps).
   */
  public AnalysisReport report(List<IngestResult> results) {
    AnalysisReport report = new AnalysisReport();
    String producer = stack.producer();
    for (IngestResult r : results) {
      List<ShotTimeline> shots = List.of();
      if (r.ok() || r.windows() > 0) {
        shots = timelines.shots(r.streamId(), r.session(), producer);
        String of = producer != null ? producer : producerOf(shots);
        int reasoned =
            shots.stream().mapToInt(t -> t.getWindowCount() - t.getFailedWindows()).sum();
        report.video(r, shots, of, curve(r, of, reasoned));
      }
      if (!r.ok()) {
        report.error(r.source(), r.error());
      } else {
        gaps(shots).ifPresent(gaps -> report.error(r.source(), gaps));
      }
    }
    return report;
  }

  /** The input's motion curves, waiting a little for the events not read yet. */
  private List<CurvePoint> curve(IngestResult r, String producer, int reasonedWindows) {
    try {
      return timelines.curve(r.streamId(), r.session(), producer, reasonedWindows, CURVE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return timelines.curve(r.streamId(), r.session(), producer);
    }
  }

  /**
   * The error of an input read to its end whose windows partly could not be reasoned about: how
   * many, and the first reason (the segments show each gap).
   */
  private static Optional<String> gaps(List<ShotTimeline> shots) {
    int failed = shots.stream().mapToInt(ShotTimeline::getFailedWindows).sum();
    if (failed == 0) {
      return Optional.empty();
    }
    int windows = shots.stream().mapToInt(ShotTimeline::getWindowCount).sum();
    String first =
        shots.stream()
            .flatMap(t -> t.getSegments().stream())
            .map(seg -> seg.getGap())
            .filter(gap -> gap != null)
            .findFirst()
            .orElse("");
    return Optional.of(
        failed + " of " + windows + " windows could not be reasoned about (gaps); first: " + first);
  }

  private static String producerOf(List<ShotTimeline> shots) {
    return shots.isEmpty() ? "" : shots.get(0).getProducer();
  }

  private static IngestResult result(Source s, Future<IngestResult> f) {
    try {
      return f.get();
    } catch (CancellationException e) {
      return IngestResult.failed(s.display(), s.streamId(), STOPPED, StreamInfo.sessionOf(s));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return IngestResult.failed(s.display(), s.streamId(), STOPPED, StreamInfo.sessionOf(s));
    } catch (ExecutionException e) {
      String reason = "internal error: " + e.getCause();
      LOG.error("{}: {}", s.display(), reason);
      return IngestResult.failed(s.display(), s.streamId(), reason, StreamInfo.sessionOf(s));
    }
  }
}
