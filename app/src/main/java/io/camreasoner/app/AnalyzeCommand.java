package io.camreasoner.app;

import io.camreasoner.ingest.IngestProgress;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.schemas.Topics;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.ProgrammeGenerator;
import io.camreasoner.worker.InferenceWorker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner analyze [VIDEO|DIR|URL...]}: the main job. Starts an embedded KRaft broker and
 * schema registry (or uses {@code --bootstrap}/{@code --registry}), runs ingest, an inference
 * worker and the aggregator in this process, waits until every input's last shot is closed, prints
 * the timelines and writes the design.md JSON with {@code --json}. With no input it analyses a
 * generated sample programme. Exit code 0 when every input was analysed, 1 when some failed (the
 * others still are), 2 on usage errors.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse videos, directories or live URLs end to end and print shot timelines.",
      "Without inputs, analyses a generated five-shot sample programme (written to samples/sample.mp4)."
    })
final class AnalyzeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin StackOptions stackOptions = new StackOptions();

  @Parameters(
      paramLabel = "INPUT",
      arity = "0..*",
      description = "Video files, directories (recursive) or live URLs.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the timelines as JSON (design.md contract).")
  Path json;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description =
          "Longest wait for the timelines after ingest finished (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--worker-option",
      paramLabel = "NAME=VALUE",
      description = "Extra inference-worker option (repeatable), e.g. model.path=m.onnx.")
  Map<String, String> workerOptions = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    stackOptions.validate(spec.commandLine());
    Duration wait = parseDuration(timeout);
    if (inputs.isEmpty()) {
      Path sample = Path.of("samples", "sample.mp4");
      if (!Files.exists(sample)) {
        out.println("no input given: writing a generated sample programme to " + sample);
        out.flush();
        ClipWriter.write(
            sample, ProgrammeGenerator.sample(640, 360, 25), ClipWriter.DEFAULT_QUALITY);
      } else {
        out.println("no input given: analysing the sample programme " + sample);
      }
      inputs = List.of(sample.toString());
    }
    List<Source> sources = Sources.expand(inputs, null);
    long t0 = System.nanoTime();
    int partitions = Math.max(2, Math.min(12, sources.size() * 2));
    try (PipelineStack stack =
            PipelineStack.start(
                stackOptions.toOptions(
                    spec.commandLine(), workerOptions, partitions, "127.0.0.1", 0),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      InferenceWorker worker = stack.worker();
      List<IngestResult> results;
      try (IngestProgress progress =
          new IngestProgress(sources.size(), IngestProgress.onTerminal(), Duration.ofSeconds(10))) {
        results = stack.ingest().ingestAll(sources, progress);
      }
      List<String> streams = results.stream().map(IngestResult::streamId).toList();
      long deadline = System.nanoTime() + wait.toNanos();
      LOG.info("ingest done; waiting for the last shot of {} input(s) to close", streams.size());
      while (!timelines.finished(streams)) {
        if (worker.service().failure() != null) {
          throw new IllegalStateException(
              "the inference worker failed: " + worker.service().failure());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timelines not complete within --timeout " + timeout);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
      }
      AnalysisReport report = new AnalysisReport();
      for (IngestResult r : results) {
        if (r.ok()) {
          report.video(r, timelines.shots(r.streamId()));
        } else {
          report.error(r.source(), r.error());
        }
      }
      report.printTable(out);
      if (json != null) {
        report.writeJson(json);
        out.println("\nwrote " + json);
      }
      out.printf(
          "analysed %d input(s) in %.1f s%n", results.size(), (System.nanoTime() - t0) / 1e9);
      out.flush();
      return report.hasErrors() ? 1 : 0;
    }
  }

  private Duration parseDuration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
    if (!m.matches()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--timeout must look like 90s, 30m or 2h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
