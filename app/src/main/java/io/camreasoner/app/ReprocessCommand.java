package io.camreasoner.app;

import io.camreasoner.aggregator.export.ExportFormat;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.schemas.Topics;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.AnalyzeState;
import io.camreasoner.stack.InputLists;
import io.camreasoner.stack.LocalFiles;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.ReprocessRun;
import io.camreasoner.stack.TimelineCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner reprocess DIR|LIST.txt|LIST.csv|VIDEO… --output OUT}: an archive (re)processed
 * as a batch job, against an external cluster ({@code --bootstrap}, {@code --registry}, with the
 * security options of {@code up}) or a durable embedded stack. Publishes every file, waits for
 * every timeline, writes {@code OUT/<input base name>.json} (the analyze JSON shape, and any other
 * {@code --format}) per input and {@code OUT/summary.json}; resumable through {@code
 * OUT/manifest.jsonl} ({@code --force} processes finished files again); {@code --parallel} files at
 * a time. Exit codes as analyze: 0 all files done, 1 some failed, 2 usage errors.
 */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Reprocess a library as a batch job: every file published, every timeline waited for,",
      "OUT/<name>.json per file plus OUT/summary.json; resumable (OUT/manifest.jsonl)."
    })
final class ReprocessCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin StackOptions stackOptions = new StackOptions();

  @Parameters(
      paramLabel = "INPUT",
      arity = "1..*",
      description =
          "Directories (their videos, recursively), lists (.txt: one file or URL per line; .csv:"
              + " a path column), video files or URLs.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--output",
      required = true,
      paramLabel = "OUT",
      description = "Where the results, summary.json and manifest.jsonl go.")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "LIST",
      defaultValue = "json",
      description =
          "Files per input, comma-separated: json (always written), jsonl, csv, edl, otio, vtt,"
              + " chapters (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Files in flight at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--force", description = "Process files the manifest lists as finished again.")
  boolean force;

  @Option(
      names = "--cluster-services",
      description =
          "With --bootstrap: leave inference and timelines to the cluster's own workers and"
              + " aggregator (a deployed CamReasoner); this process only publishes and collects.")
  boolean clusterServices;

  @Option(
      names = "--worker-option",
      paramLabel = "NAME=VALUE",
      description = "Extra inference-worker option of the in-process worker (repeatable).")
  Map<String, String> workerOptions = new LinkedHashMap<>();

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Without --bootstrap: where the embedded stack keeps its broker, registry and"
              + " timelines between jobs, so results of several models stay side by side"
              + " (default $CAMREASONER_CACHE/reprocess, else ~/.cache/camreasoner/reprocess).")
  Path stateDir;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description =
          "Longest wait for a batch's timelines after its ingest (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--stall-timeout",
      defaultValue = "2m",
      description =
          "Fail a batch's open files when nothing progresses for this long (default"
              + " ${DEFAULT-VALUE}).")
  String stallTimeout;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    PrintWriter out = cli.getOut();
    stackOptions.validate(cli);
    if (parallel < 1) {
      throw new CommandLine.ParameterException(cli, "--parallel must be at least 1");
    }
    List<ExportFormat> formats = new ArrayList<>(List.of(ExportFormat.JSON));
    for (ExportFormat f : AnalyzeCommand.formats(cli, format, output)) {
      if (!formats.contains(f)) {
        formats.add(f);
      }
    }
    Analysis.Limits limits =
        new Analysis.Limits(
            duration(cli, "--timeout", timeout),
            duration(cli, "--stall-timeout", stallTimeout),
            Analysis.Limits.defaults().drain());
    List<Source> sources = Sources.expand(InputLists.locations(inputs), null);
    if (sources.isEmpty()) {
      throw new CommandLine.ParameterException(cli, "no video files in " + inputs);
    }
    boolean embedded = stackOptions.bootstrap == null;
    AnalyzeState state = null;
    if (embedded) {
      try {
        // one durable stack for every job: the timelines of earlier jobs (other models) stay
        state = AnalyzeState.open(stateRoot(), List.of(), "reprocess", false);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "another reprocess job is running on the embedded stack in " + stateRoot(), e);
      }
    }
    // Ctrl-C / SIGTERM: the batch under way stops reading (its windows in flight are analysed,
    // its archives not complete are paused), no further batch starts, the summary is written and
    // the stack closed, then the process exits with the command's code; the manifest lets the same
    // command resume
    CountDownLatch finished = new CountDownLatch(1);
    AtomicInteger code = new AtomicInteger(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicReference<ReprocessRun> running = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              out.println(
                  "\ncamreasoner reprocess: interrupted; stopping: the batch under way stops"
                      + " reading, its windows in flight are analysed, the summary is written");
              out.flush();
              interrupted.set(true);
              ReprocessRun job = running.get();
              if (job != null) {
                job.requestStop();
              }
              try {
                if (finished.await(limits.drain().toSeconds() + 60, TimeUnit.SECONDS)) {
                  out.flush();
                  Runtime.getRuntime().halt(code.get());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "reprocess-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try (PipelineStack stack =
        PipelineStack.start(
            stackOptions.toOptions(
                cli,
                workerOptions,
                4,
                "127.0.0.1",
                0,
                state == null ? null : state.dir(),
                clusterServices),
            new SimpleMeterRegistry())) {
      if (state != null && stack.broker() != null) {
        state.brokerStarted(stack.broker().pid());
      }
      try (TimelineCollector timelines =
          new TimelineCollector(
              stack.kafka(), stack.kafkaClient(), Topics.SHOT_TIMELINES, stack.serdes())) {
        ReprocessRun.Settings settings =
            new ReprocessRun.Settings(
                output,
                formats,
                parallel,
                force,
                limits,
                embedded ? "embedded (" + state.dir() + ")" : stackOptions.bootstrap);
        ReprocessRun job = new ReprocessRun(stack, timelines, settings, out);
        running.set(job);
        if (interrupted.get()) {
          // Ctrl-C while the stack started: the job writes its (empty) summary and returns
          job.requestStop();
        }
        try {
          ReprocessRun.Result result = job.run(sources);
          code.set(result.complete() ? 0 : 1);
          return code.get();
        } catch (ReprocessRun.OtherProducerException e) {
          code.set(2);
          throw new CommandLine.ParameterException(cli, e.getMessage());
        }
      }
    } finally {
      if (state != null) {
        state.close();
      }
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running and exits with the command's code
      }
    }
  }

  private Path stateRoot() {
    return stateDir != null ? stateDir : LocalFiles.cacheRoot().resolve("reprocess");
  }

  private static java.time.Duration duration(CommandLine cli, String option, String text) {
    try {
      return Setting.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          cli, option + " must look like 90s, 30m or 2h, got '" + text + "'");
    }
  }
}
