package io.camreasoner.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camreasoner.aggregator.export.ExportFormat;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A reprocessing job over a library on a running {@link PipelineStack}: every input not finished
 * before is published and its timeline waited for, at most {@link Settings#parallel()} at a time
 * (each batch one {@link Analysis}); each input's results are written as {@code OUT/<base
 * name>.json} (the {@code analyze} JSON shape, plus any other export format), recorded in the
 * {@link ReprocessManifest} once written, and compared with the other producers' timelines of the
 * same video found on the cluster ({@link ResultChanges}). {@code OUT/summary.json} reports files,
 * shots, segments, failures with reasons, throughput, the producers (reasoner, model version,
 * settings) and what changed. No command-line parsing here.
 */
public final class ReprocessRun {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The summary's file name in the output directory. */
  public static final String SUMMARY = "summary.json";

  /**
   * How the job runs.
   *
   * @param output the output directory
   * @param formats the files written per input (json first)
   * @param parallel inputs in flight at once
   * @param force process inputs the manifest lists as finished again
   * @param limits how long each batch may wait
   * @param cluster what the job ran against, for the summary (bootstrap or "embedded")
   */
  public record Settings(
      Path output,
      List<ExportFormat> formats,
      int parallel,
      boolean force,
      Analysis.Limits limits,
      String cluster) {}

  /**
   * The output directory holds results of another producer than this job's: a second result set
   * belongs in another directory (both stay on the cluster).
   */
  public static final class OtherProducerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    OtherProducerException(String message) {
      super(message);
    }
  }

  /**
   * What the job did.
   *
   * @param summary the summary as written to {@code summary.json}
   * @param failed inputs that failed (with their reasons in the summary)
   * @param notStarted inputs left out because the job was stopped ({@link #requestStop()})
   */
  public record Result(Map<String, Object> summary, int failed, int notStarted) {
    /** Whether every input is finished: none failed, none left out. */
    public boolean complete() {
      return failed == 0 && notStarted == 0;
    }
  }

  private final PipelineStack stack;
  private final TimelineCollector timelines;
  private final Settings settings;
  private final PrintWriter out;
  private volatile boolean stopRequested;
  private volatile Analysis current;

  public ReprocessRun(
      PipelineStack stack, TimelineCollector timelines, Settings settings, PrintWriter out) {
    this.stack = stack;
    this.timelines = timelines;
    this.settings = settings;
    this.out = out;
  }

  /**
   * Stops the job (Ctrl-C): the batch under way stops reading (its archives not complete are
   * paused, not recorded as finished), no further batch starts, and {@link #run} writes the summary
   * of what was done and returns. Running the job again resumes from the manifest. Safe from any
   * thread.
   */
  public void requestStop() {
    stopRequested = true;
    Analysis a = current;
    if (a != null) {
      a.requestStop();
    }
  }

  /**
   * Runs the job over these sources.
   *
   * @throws OtherProducerException when the output directory holds another producer's results
   */
  public Result run(List<Source> sources) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    ReprocessManifest manifest = ReprocessManifest.open(settings.output());
    String producer = stack.producer();
    if (producer != null) {
      for (String p : manifest.producers()) {
        if (!p.equals(producer)) {
          throw new OtherProducerException(
              settings.output()
                  + " holds results of "
                  + p
                  + ", this job produces "
                  + producer
                  + ": write them to another --output (both result sets stay on the cluster)");
        }
      }
    }
    Map<String, String> names =
        AnalysisReport.uniqueBaseNames(sources.stream().map(Source::display).toList());
    List<Source> todo = new ArrayList<>();
    List<ReprocessManifest.Entry> skipped = new ArrayList<>();
    for (Source s : sources) {
      Optional<ReprocessManifest.Entry> done = manifest.finished(s);
      if (done.isPresent() && !settings.force()) {
        skipped.add(done.get());
      } else {
        todo.add(s);
      }
    }
    if (!skipped.isEmpty()) {
      out.printf(
          "skipping %d file(s) finished earlier (%s; --force processes them again)%n",
          skipped.size(), settings.output().resolve(ReprocessManifest.FILE));
    }
    out.printf(
        "reprocessing %d of %d file(s), %d at a time%n",
        todo.size(), sources.size(), settings.parallel());
    out.flush();

    List<Map<String, Object>> failures = new ArrayList<>();
    List<Map<String, Object>> changes = new ArrayList<>();
    Set<String> producers = new LinkedHashSet<>();
    skipped.forEach(e -> producers.add(e.producer()));
    long frames = 0;
    double videoSeconds = 0;
    int shots = 0;
    int segments = 0;
    int processed = 0;
    int done = skipped.size();
    for (int from = 0; from < todo.size() && !stopRequested; from += settings.parallel()) {
      List<Source> batch = todo.subList(from, Math.min(todo.size(), from + settings.parallel()));
      Analysis analysis = new Analysis(stack, timelines, null, settings.limits());
      current = analysis;
      if (stopRequested) {
        analysis.requestStop();
      }
      List<IngestResult> results = analysis.run(batch);
      current = null;
      AnalysisReport report = analysis.report(results);
      report.writeExports(
          settings.output(), settings.formats(), s -> StartTimecode.of(s).orElse(null), names::get);
      Map<String, Source> bySource = new LinkedHashMap<>();
      batch.forEach(s -> bySource.put(s.display(), s));
      for (AnalysisReport.Outcome o : report.outcomes()) {
        processed++;
        done++;
        Source source = bySource.get(o.source());
        IngestResult r = o.ingest();
        if (r != null) {
          frames += r.frames();
          videoSeconds += r.fps() > 0 ? r.frames() / r.fps() : 0;
        }
        shots += o.shots().size();
        segments += o.segments();
        if (o.producer() != null && !o.producer().isEmpty()) {
          producers.add(o.producer());
        }
        if (!o.ok()) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("source", o.source());
          f.put("reason", String.join("; ", o.errors()));
          failures.add(f);
          out.printf("[%d/%d] FAILED %s: %s%n", done, sources.size(), o.source(), f.get("reason"));
        } else {
          out.printf(
              "[%d/%d] %s: %d shot(s), %d segment(s)%n",
              done, sources.size(), o.source(), o.shots().size(), o.segments());
          if (source != null && r != null) {
            long[] id = ReprocessManifest.identity(source);
            manifest.record(
                new ReprocessManifest.Entry(
                    source.location(),
                    id[0],
                    id[1],
                    r.streamId(),
                    r.session(),
                    o.producer(),
                    o.shots().size(),
                    o.segments(),
                    r.frames(),
                    ExportFormat.JSON.fileName(names.get(o.source())),
                    System.currentTimeMillis()));
          }
        }
        if (r != null && !o.shots().isEmpty()) {
          changes.addAll(compared(o, r));
        }
        out.flush();
      }
    }

    double elapsed = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("startedAt", started.toString());
    summary.put("finishedAt", Instant.now().toString());
    summary.put("elapsedSec", round(elapsed));
    summary.put("cluster", settings.cluster());
    summary.put("stopped", stopRequested);
    summary.put("producers", producers.stream().map(ReprocessRun::producer).toList());
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("total", sources.size());
    files.put("processed", processed);
    files.put("skipped", skipped.size());
    files.put("failed", failures.size());
    files.put("notStarted", todo.size() - processed);
    summary.put("files", files);
    summary.put("shots", shots + skipped.stream().mapToInt(ReprocessManifest.Entry::shots).sum());
    summary.put(
        "segments", segments + skipped.stream().mapToInt(ReprocessManifest.Entry::segments).sum());
    Map<String, Object> throughput = new LinkedHashMap<>();
    throughput.put("frames", frames);
    throughput.put("videoSec", round(videoSeconds));
    throughput.put("filesPerMin", round(elapsed > 0 ? processed * 60 / elapsed : 0));
    throughput.put("framesPerSec", round(elapsed > 0 ? frames / elapsed : 0));
    throughput.put("realtimeFactor", round(elapsed > 0 ? videoSeconds / elapsed : 0));
    summary.put("throughput", throughput);
    summary.put("failures", failures);
    summary.put("changes", changes);
    JSON.writeValue(settings.output().resolve(SUMMARY).toFile(), summary);
    out.printf(
        "reprocessed %d file(s) (%d skipped, %d failed) in %.1f s; summary %s%n",
        processed, skipped.size(), failures.size(), elapsed, settings.output().resolve(SUMMARY));
    if (stopRequested) {
      out.printf(
          "stopped: %d file(s) not started; run the same command again to resume%n",
          todo.size() - processed);
    }
    out.flush();
    return new Result(summary, failures.size(), todo.size() - processed);
  }

  /**
   * This input's timeline against every other producer's timeline of the same stream and session on
   * the cluster: one entry per other producer, with the shots whose labels differ.
   */
  private List<Map<String, Object>> compared(AnalysisReport.Outcome o, IngestResult r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String other : timelines.producers(r.streamId(), r.session())) {
      if (other.equals(o.producer())) {
        continue;
      }
      List<ShotTimeline> before = timelines.shots(r.streamId(), r.session(), other);
      List<ResultChanges.ShotChange> diff = ResultChanges.between(before, o.shots());
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("source", o.source());
      c.put("streamId", r.streamId());
      c.put("session", r.session());
      c.put("producer", o.producer());
      c.put("comparedWith", other);
      c.put("shotsCompared", Math.max(before.size(), o.shots().size()));
      c.put("shotsChanged", diff.size());
      c.put("shots", diff);
      out.add(c);
    }
    return out;
  }

  /** A producer id split into what it names: backend, model version, settings digest. */
  static Map<String, Object> producer(String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("producer", id);
    int at = id.indexOf('@');
    int hash = id.indexOf('#', Math.max(at, 0));
    m.put("backend", at > 0 ? id.substring(0, at) : id);
    m.put("modelVersion", at > 0 ? id.substring(at + 1, hash > at ? hash : id.length()) : "");
    m.put("settings", hash > 0 ? id.substring(hash + 1) : "");
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
