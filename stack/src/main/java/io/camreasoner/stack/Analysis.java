package io.camreasoner.stack;

import io.camreasoner.ingest.IngestProgress;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamInfo;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.worker.InferenceWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis of a set of inputs on a running {@link PipelineStack}, as {@code analyze} and {@code
 * bench e2e} run it: every input ingested at once, then a wait until each input's last shot is
 * closed, and the {@link AnalysisReport} of what the timelines say.
 */
public final class Analysis {
  private static final Logger LOG = LoggerFactory.getLogger(Analysis.class);

  private Analysis() {}

  /**
   * Ingests the inputs not yet complete (all at once, on the ingest pool), and waits until every
   * input's last shot is closed, recording each complete input in the run's state as it completes.
   * Returns one result per input, in input order.
   */
  public static List<IngestResult> run(
      PipelineStack stack,
      TimelineCollector timelines,
      List<Source> sources,
      AnalyzeState state,
      Duration wait)
      throws Exception {
    InferenceWorker worker = stack.worker();
    IngestResult[] results = new IngestResult[sources.size()];
    List<Future<IngestResult>> running = new ArrayList<>();
    try (IngestProgress progress =
        new IngestProgress(sources.size(), IngestProgress.onTerminal(), Duration.ofSeconds(10))) {
      for (int i = 0; i < sources.size(); i++) {
        Source s = sources.get(i);
        Optional<IngestResult> done = state == null ? Optional.empty() : state.done(s.streamId());
        if (done.isPresent()) {
          results[i] = done.get();
          progress.progress(s, done.get().frames(), done.get().frames());
          progress.finished(done.get());
          running.add(null);
        } else {
          running.add(stack.ingest().submit(s, progress));
        }
      }
      boolean[] complete = new boolean[sources.size()];
      long deadline = Long.MAX_VALUE;
      while (true) {
        boolean all = true;
        for (int i = 0; i < sources.size(); i++) {
          if (complete[i]) {
            continue;
          }
          if (results[i] == null && running.get(i).isDone()) {
            results[i] = result(sources.get(i), running.get(i));
          }
          IngestResult r = results[i];
          if (r != null && (!r.ok() || timelines.finished(r.streamId()))) {
            complete[i] = true;
            if (r.ok() && state != null) {
              state.markDone(r);
            }
          } else {
            all = false;
          }
        }
        if (all) {
          return List.of(results);
        }
        if (deadline == Long.MAX_VALUE && Arrays.stream(results).allMatch(r -> r != null)) {
          deadline = System.nanoTime() + wait.toNanos();
          LOG.info("ingest done; waiting for the last shot of every input to close");
        }
        if (worker != null && worker.service().failure() != null) {
          throw new IllegalStateException(
              "the inference worker failed: " + worker.service().failure());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timelines not complete within --timeout " + wait.toSeconds() + "s");
        }
        LockSupport.parkNanos(100_000_000);
        if (Thread.interrupted()) {
          throw new InterruptedException("analyze interrupted");
        }
      }
    }
  }

  /** The report of these results: each input's shots from the timelines, or its error. */
  public static AnalysisReport report(List<IngestResult> results, TimelineCollector timelines) {
    AnalysisReport report = new AnalysisReport();
    for (IngestResult r : results) {
      if (r.ok()) {
        report.video(r, timelines.shots(r.streamId()));
      } else {
        report.error(r.source(), r.error());
      }
    }
    return report;
  }

  private static IngestResult result(Source s, Future<IngestResult> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      String reason = "internal error: " + e.getCause();
      LOG.error("{}: {}", s.display(), reason);
      return IngestResult.failed(s.display(), s.streamId(), reason, StreamInfo.sessionOf(s));
    }
  }
}
