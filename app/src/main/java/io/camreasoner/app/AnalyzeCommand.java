package io.camreasoner.app;

import io.camreasoner.aggregator.export.ExportFormat;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.schemas.Topics;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.AnalysisReport;
import io.camreasoner.stack.AnalyzeState;
import io.camreasoner.stack.LocalFiles;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.StartTimecode;
import io.camreasoner.stack.TimelineCollector;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
      names = "--format",
      paramLabel = "LIST",
      description =
          "With --output: the formats to write per input, comma-separated: json (the --json"
              + " shape for that input), jsonl, csv, edl, otio, vtt, chapters (default json).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Write each input's exports into DIR as <input base name>.<ext> (json, jsonl, csv, edl,"
              + " otio, vtt, chapters.txt).")
  Path output;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description =
          "Longest wait for the timelines after ingest finished (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--stall-timeout",
      defaultValue = "2m",
      description =
          "End the run when nothing progresses for this long (no frame read, no window folded):"
              + " the inputs still open are reported failed, naming what they waited for, and the"
              + " timelines so far are written (default ${DEFAULT-VALUE}).")
  String stallTimeout;

  @Option(
      names = "--worker-option",
      paramLabel = "NAME=VALUE",
      description = "Extra inference-worker option (repeatable), e.g. model.path=m.onnx.")
  Map<String, String> workerOptions = new java.util.LinkedHashMap<>();

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where an interrupted run keeps its state (embedded broker data, aggregator stores) so"
              + " the same command resumes it (default $CAMREASONER_CACHE/analyze, else"
              + " ~/.cache/camreasoner/analyze; not used with --bootstrap).")
  Path stateDir;

  @Option(
      names = "--fresh",
      description = "Discard the state of an interrupted run over the same inputs and start over.")
  boolean fresh;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    stackOptions.validate(spec.commandLine());
    List<ExportFormat> formats = formats(spec.commandLine(), format, output);
    Analysis.Limits limits =
        new Analysis.Limits(
            parseDuration("--timeout", timeout),
            parseDuration("--stall-timeout", stallTimeout),
            Analysis.Limits.defaults().drain());
    if (inputs.isEmpty()) {
      inputs = List.of(sample(out).toString());
    }
    List<Source> sources = Sources.expand(inputs, null);
    long t0 = System.nanoTime();
    // Resuming needs the broker's data: only the embedded broker's lives with the run's state.
    AnalyzeState state =
        stackOptions.bootstrap == null
            ? AnalyzeState.open(stateRoot(), sources, choices(), fresh)
            : null;
    if (state != null && state.resumed()) {
      out.printf(
          "resuming an interrupted run (%d of %d input(s) already complete; state %s)%n",
          state.doneCount(), sources.size(), state.dir());
      out.flush();
    }
    int partitions = Math.max(2, Math.min(12, sources.size() * 2));
    Interruption interruption = new Interruption(out, state, limits.drain());
    interruption.arm();
    int code = 1;
    try (PipelineStack stack =
        PipelineStack.start(
            stackOptions.toOptions(
                spec.commandLine(),
                workerOptions,
                partitions,
                "127.0.0.1",
                0,
                state == null ? null : state.dir()),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
      if (state != null && stack.broker() != null) {
        state.brokerStarted(stack.broker().pid());
      }
      try (TimelineCollector timelines =
          new TimelineCollector(
              stack.kafka(), stack.kafkaClient(), Topics.SHOT_TIMELINES, stack.serdes())) {
        Analysis analysis = new Analysis(stack, timelines, state, limits);
        interruption.attach(stack, analysis);
        List<IngestResult> results = analysis.run(sources);
        AnalysisReport report = analysis.report(results);
        report.printTable(out);
        if (json != null) {
          report.writeJson(json);
          out.println("\nwrote " + json);
        }
        if (output != null) {
          List<Path> files =
              report.writeExports(output, formats, s -> StartTimecode.of(s).orElse(null));
          out.printf("wrote %d file(s) to %s%n", files.size(), output);
        }
        out.printf(
            "analysed %d input(s) in %.1f s%n", results.size(), (System.nanoTime() - t0) / 1e9);
        boolean paused = results.stream().anyMatch(r -> Analysis.STOPPED.equals(r.error()));
        if (paused && state != null) {
          out.printf(
              "interrupted: the state is kept in %s; run the same command again to resume%n",
              state.dir());
        }
        out.flush();
        code = report.hasErrors() ? 1 : 0;
        if (state != null && !paused) {
          stack.close();
          state.complete();
        }
        return code;
      }
    } finally {
      if (state != null) {
        state.close();
      }
      interruption.finished(code);
    }
  }

  /**
   * The export formats of {@code --format} (json without it); a usage error for an unknown format
   * or a format without {@code --output}.
   */
  static List<ExportFormat> formats(CommandLine cli, String format, Path output) {
    if (format != null && output == null) {
      throw new CommandLine.ParameterException(cli, "--format needs --output DIR");
    }
    if (format == null) {
      return List.of(ExportFormat.JSON);
    }
    try {
      return ExportFormat.parseList(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--format: " + e.getMessage());
    }
  }

  /** Writes (once) and returns the generated sample programme analysed when no input is given. */
  private static Path sample(PrintWriter out) throws Exception {
    Path sample = Path.of("samples", "sample.mp4");
    if (!Files.exists(sample)) {
      out.println("no input given: writing a generated sample programme to " + sample);
      out.flush();
      ClipWriter.write(sample, ProgrammeGenerator.sample(640, 360, 25), ClipWriter.DEFAULT_QUALITY);
    } else {
      out.println("no input given: analysing the sample programme " + sample);
    }
    return sample;
  }

  /** The state root: {@code --state-dir}, else the launcher's cache directory. */
  private Path stateRoot() {
    if (stateDir != null) {
      return stateDir;
    }
    return LocalFiles.cacheRoot().resolve("analyze");
  }

  /** Everything besides the inputs that changes results, so a resume never mixes two setups. */
  private String choices() {
    return "backend="
        + stackOptions.backend
        + " registry="
        + stackOptions.registryUrl
        + " worker="
        + new java.util.TreeMap<>(workerOptions)
        + " ingest="
        + new java.util.TreeMap<>(stackOptions.ingestOptions);
  }

  /**
   * Ctrl-C or SIGTERM while analysing: reading stops, the windows in flight are folded, and the
   * command prints and writes what was analysed so far, then the process exits with the command's
   * code (0 when nothing failed, as when a live broadcast one watches is stopped). Archives stopped
   * mid-way keep the run's state, so the same command resumes them. If the command does not finish
   * in time, the stack is closed in order (the broker flushes, the aggregator commits its state)
   * and the state is kept.
   */
  private static final class Interruption {
    private final PrintWriter out;
    private final AnalyzeState state;
    private final Duration drain;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger code = new AtomicInteger(1);
    private Thread hook;

    Interruption(PrintWriter out, AnalyzeState state, Duration drain) {
      this.out = out;
      this.state = state;
      this.drain = drain;
    }

    private PipelineStack stack;
    private Analysis analysis;
    private boolean requested;

    /** Installs the hook: from now on Ctrl-C stops the run in order. */
    synchronized void arm() {
      hook = new Thread(this::interrupted, "analyze-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The running analysis: a Ctrl-C that came while the stack started stops it at once. */
    synchronized void attach(PipelineStack running, Analysis started) {
      stack = running;
      analysis = started;
      if (requested) {
        analysis.requestStop();
      }
    }

    private void interrupted() {
      out.println();
      out.println(
          "camreasoner analyze: interrupted; stopping: reading stops, the windows in flight are"
              + " analysed"
              + (state == null ? "" : "; state kept in " + state.dir()));
      out.flush();
      synchronized (this) {
        requested = true;
        if (analysis != null) {
          analysis.requestStop();
        }
      }
      try {
        if (done.await(drain.toSeconds() + 30, TimeUnit.SECONDS)) {
          // the command finished and printed its results: exit with its code (a shutdown would
          // end with the signal's status instead)
          out.flush();
          Runtime.getRuntime().halt(code.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        if (stack != null) {
          stack.close();
        }
      }
      if (state != null) {
        state.close();
      }
    }

    /** The command is done with this exit code; a running interruption may exit with it now. */
    synchronized void finished(int exitCode) {
      code.set(exitCode);
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook is running and exits with this code
        }
        hook = null;
      }
      done.countDown();
    }
  }

  private Duration parseDuration(String option, String text) {
    try {
      return Setting.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must look like 90s, 30m or 2h, got '" + text + "'");
    }
  }
}
