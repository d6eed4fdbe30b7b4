package io.camreasoner.bench;

import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.LocalFiles;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.TimelineCollector;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camreasoner bench e2e}: the whole pipeline on the embedded stack over a long synthetic
 * programme (default 2 minutes of H.264 at 640x360, 25 fps; {@code --minutes 10} for the long one),
 * as {@code analyze} runs it: wall time with start-up, realtime factor, and in the same run the
 * ratio to plain FFmpeg decoding of the same file (2 threads, no pixel conversion: {@code ffmpeg
 * -threads 2 -i FILE -f null -}) and to the figures the repository keeps from an earlier run on the
 * same input; where the CPU time goes (per stage, the broker child included); peak heap; bytes on
 * the wire; cuts and labels against the programme's ground truth. {@code --scaling} prints
 * throughput with 1 and 2 cores and several inputs at once instead. Then live latency: a paced
 * (live) source through the same stack, p50/p99 from a window's publication to the timeline update
 * that includes it.
 */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end pipeline throughput (realtime factor, vs plain FFmpeg decode of the same file and"
          + " the previous figures, same run), start-up, heap, CPU per stage, accuracy on the"
          + " programme, scaling with cores and inputs (--scaling), and live latency p50/p99."
    })
final class E2eBench implements Callable<Integer> {
  /** The targets, printed beside the figures. */
  static final double TARGET_REALTIME = 30;

  static final double TARGET_DECODE_SHARE = 0.5;
  static final double TARGET_STARTUP_SECONDS = 4;
  static final long TARGET_HEAP_MIB = 512;

  /** The line a {@code --summary} run prints for {@code --scaling}'s parent to read. */
  static final String SUMMARY = "e2e-summary";

  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "2",
      description =
          "Length of the programme in minutes (default ${DEFAULT-VALUE}; the issue's figure is"
              + " taken on 10).")
  double minutes;

  @picocli.CommandLine.Mixin FrameSizeOptions size = new FrameSizeOptions();

  @Option(
      names = "--fps",
      defaultValue = "25",
      description = "Frames per second (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--seed",
      defaultValue = "4242",
      description = "Programme seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--codec",
      defaultValue = "h264",
      description =
          "Codec of the generated programme: h264 (default), mpeg4 or hevc (needs an ffmpeg with"
              + " libx265 on the PATH, e.g. Debian's).")
  String codec;

  @Option(
      names = "--input",
      description = "Measure this file instead of a generated programme (no ground truth).")
  Path input;

  @Option(
      names = "--inputs",
      defaultValue = "1",
      description = "Analyse this many copies of the input at once (default ${DEFAULT-VALUE}).")
  int inputs;

  @Option(
      names = "--decode-threads",
      defaultValue = "2",
      description = "Threads of the plain-decode baseline (default ${DEFAULT-VALUE}).")
  int decodeThreads;

  @Option(
      names = "--live-seconds",
      defaultValue = "30",
      description =
          "Seconds of live-paced video for the latency measurement; 0 skips it (default"
              + " ${DEFAULT-VALUE}).")
  int liveSeconds;

  @Option(
      names = "--scaling",
      description =
          "Instead of one run: throughput with 1 and 2 cores and 1, 2 and 4 inputs at once, each"
              + " in a child JVM pinned to its cores, on a --scaling-minutes programme.")
  boolean scaling;

  @Option(
      names = "--scaling-minutes",
      defaultValue = "2",
      description = "Length of the programme of --scaling (default ${DEFAULT-VALUE}).")
  double scalingMinutes;

  @Option(
      names = "--record",
      description =
          "Add this run's figures to a properties file (the repository's previous figures are"
              + " bench/src/main/resources/io/camreasoner/bench/"
              + E2eFigures.RESOURCE
              + ").")
  Path record;

  @Option(
      names = "--ingest-option",
      paramLabel = "NAME=VALUE",
      description =
          "A source.*, window.* or cuts.* option of camreasoner ingest for the analysed run"
              + " (repeatable),"
              + " e.g. window.colour=all to measure every frame sent in colour.")
  Map<String, String> ingestOptions = new LinkedHashMap<>();

  @Option(names = "--summary", hidden = true, description = "Print one summary line (--scaling).")
  boolean summary;

  @Option(
      names = "--cache",
      description =
          "Directory of the rendered programmes, kept between runs (default bench/ in the"
              + " launcher's cache: $CAMREASONER_CACHE, else ~/.cache/camreasoner).")
  Path cache;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double jvmToCommand =
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    E2eMedia.Codec chosen;
    try {
      chosen = E2eMedia.Codec.valueOf(codec.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--codec must be h264, mpeg4 or hevc, got " + codec);
    }
    Path cacheDir = cache != null ? cache : LocalFiles.cacheRoot().resolve("bench");
    E2eMedia.Spec media =
        new E2eMedia.Spec(
            seed, scaling ? scalingMinutes : minutes, size.width(), size.height(), fps, chosen);
    if (input == null && chosen == E2eMedia.Codec.HEVC) {
      String why = E2eMedia.hevcUnavailable();
      if (why != null) {
        out.println(why);
        out.flush();
        return 1;
      }
    }
    Path video = input != null ? input : E2eMedia.file(media, cacheDir, out);
    if (scaling) {
      new E2eScaling(out, video).run();
      return 0;
    }
    Programme truth = input == null && inputs == 1 ? media.programme() : null;

    double decodeBefore = FfmpegDecode.seconds(video, decodeThreads);
    CpuMeter cpu = new CpuMeter();
    HeapMeter heap = new HeapMeter();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long t0 = System.nanoTime();
    Path work = Files.createTempDirectory("camreasoner-bench-e2e");
    List<Source> sources = sources(video, work);
    PipelineStack.Options options =
        PipelineStack.Options.embedded(work.resolve("stack"), 2, true).withIngest(ingestSettings());
    try (PipelineStack stack = PipelineStack.start(options, registry);
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      double startup = (System.nanoTime() - t0) / 1e9;
      long brokerStartCpuMs = CpuMeter.processCpuMillis(stack.broker().pid());
      List<IngestResult> results =
          new Analysis(
                  stack,
                  timelines,
                  null,
                  new Analysis.Limits(
                      Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(30)))
              .run(sources);
      double wall = (System.nanoTime() - t0) / 1e9;
      for (IngestResult r : results) {
        if (!r.ok()) {
          throw new IllegalStateException("the programme failed to ingest: " + r.error());
        }
      }
      long brokerCpuMs = CpuMeter.processCpuMillis(stack.broker().pid());
      heap.close();
      Map<CpuMeter.Stage, Double> byStage = cpu.stop();
      byStage.put(CpuMeter.Stage.BROKER_START, brokerStartCpuMs / 1000.0);
      byStage.put(CpuMeter.Stage.BROKER_SERVING, (brokerCpuMs - brokerStartCpuMs) / 1000.0);
      double cpuTotal = byStage.values().stream().mapToDouble(Double::doubleValue).sum();
      double decodeAfter = FfmpegDecode.seconds(video, decodeThreads);
      long frames = results.stream().mapToLong(IngestResult::frames).sum();
      double decodeSeconds = inputs * (decodeBefore + decodeAfter) / 2;
      double videoSeconds = frames / results.get(0).fps();
      double realtime = videoSeconds / wall;
      if (summary) {
        out.printf(
            Locale.ROOT,
            "%s frames=%d video=%.3f wall=%.3f cpu=%.3f decode=%.3f%n",
            SUMMARY,
            frames,
            videoSeconds,
            wall,
            cpuTotal,
            decodeSeconds);
        out.flush();
        return 0;
      }
      IngestResult first = results.get(0);
      out.printf(
          "%ninput: %s%s (%s, %d frames, %.0f s, %d shots found)%n",
          video,
          inputs > 1 ? " x " + inputs + " at once" : "",
          input != null ? "given file" : media.key(),
          first.frames(),
          first.frames() / first.fps(),
          first.cuts().size() + 1);
      out.printf(
          "plain FFmpeg decode, %d threads, no conversion %7.2f s  %6.1fx real time  %6.0f frames/s"
              + "  (%.2f s before the run, %.2f s after)%n",
          decodeThreads,
          decodeSeconds,
          videoSeconds / decodeSeconds,
          frames / decodeSeconds,
          decodeBefore,
          decodeAfter);
      double cli = inputs == 1 ? FfmpegDecode.executableSeconds(video, decodeThreads) : Double.NaN;
      if (!Double.isNaN(cli)) {
        out.printf(
            "  the same with the ffmpeg executable on the PATH %7.2f s  %6.1fx real time%n",
            cli, videoSeconds / cli);
      }
      out.printf(
          "analyze end to end, start-up included         %7.2f s  %6.1fx real time  %6.0f frames/s"
              + "%n  = %.2fx of plain decode (target >= %.1fx), %.1fx real time (target >= %.0fx)%n",
          wall,
          realtime,
          frames / wall,
          decodeSeconds / wall,
          TARGET_DECODE_SHARE,
          realtime,
          TARGET_REALTIME);
      double totalStartup = jvmToCommand + startup;
      out.printf(
          "  after start-up (stack ready to last timeline) %7.2f s  %6.1fx real time: the rate a"
              + " longer programme approaches%n",
          wall - startup, videoSeconds / (wall - startup));
      out.printf(
          "start-up: %.2f s (JVM start to command %.2f s + broker, registry, topics, services"
              + " %.2f s; target <= %.0f s)%n",
          totalStartup, jvmToCommand, startup, TARGET_STARTUP_SECONDS);
      out.printf(
          "heap: peak %d MiB used of %d MiB max (target <= %d MiB); broker child JVM apart%n",
          heap.peakMiB(), Runtime.getRuntime().maxMemory() >> 20, TARGET_HEAP_MIB);
      double windowBytes = registry.counter("camreasoner.ingest.window.bytes").count();
      double windows = registry.counter("camreasoner.ingest.windows").count();
      out.printf(
          "on the wire: %.1f MB of frame windows (%.0f windows, %.1f KB each, %.2f MB/s of video)%n",
          windowBytes / 1e6,
          windows,
          windowBytes / Math.max(1, windows) / 1e3,
          windowBytes / 1e6 / videoSeconds);
      if (truth != null) {
        accuracy(
            out,
            truth,
            first,
            timelines.shots(first.streamId(), first.session(), stack.producer()));
      }
      E2eFigures now =
          new E2eFigures(
              String.format(
                  Locale.ROOT,
                  "%s, %s, load average %.1f before the run",
                  LocalDate.now(),
                  E2eFigures.machine(),
                  loadAverage),
              // picocli's original arguments are the whole command line: "bench e2e ..."
              "camreasoner " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
              realtime,
              decodeSeconds / wall,
              wall,
              totalStartup,
              heap.peakMiB(),
              byStage);
      Optional<E2eFigures> previous =
          input == null && inputs == 1 ? E2eFigures.previous(media.key()) : Optional.empty();
      if (previous.isPresent()) {
        E2eFigures p = previous.get();
        out.printf(
            "previous figures (%s; %s): %.1fx real time, %.2fx of plain decode, start-up %.2f s,"
                + " heap %d MiB%n  -> this run: %.2fx their real-time factor, %.2fx their share of"
                + " decode%n",
            p.measured(),
            p.command(),
            p.realtime(),
            p.decodeRatio(),
            p.startup(),
            p.heapMiB(),
            realtime / p.realtime(),
            (decodeSeconds / wall) / p.decodeRatio());
      } else {
        out.println("previous figures: none recorded for this input");
      }
      out.printf("%nCPU time by stage (%d cores):%n", Runtime.getRuntime().availableProcessors());
      double previousTotal =
          previous
              .map(p -> p.cpu().values().stream().mapToDouble(Double::doubleValue).sum())
              .orElse(Double.NaN);
      byStage.forEach(
          (stage, seconds) -> {
            Double before = previous.map(p -> p.cpu().get(stage)).orElse(null);
            out.printf(
                "  %-38s %7.2f s  %5.1f %%%s%n",
                stage.label,
                seconds,
                100 * seconds / cpuTotal,
                before == null ? "" : String.format("   previous %7.2f s", before));
          });
      out.printf(
          "  %-38s %7.2f s  (%.2f cores busy on average)%s%n",
          "total",
          cpuTotal,
          cpuTotal / wall,
          Double.isNaN(previousTotal)
              ? ""
              : String.format(
                  "   previous %7.2f s (%.2fx)", previousTotal, cpuTotal / previousTotal));
      out.printf("  of which the JVM reports: %s%n", cpu.gcAndJit());
      out.flush();
      if (record != null && input == null && inputs == 1) {
        now.record(record, media.key());
        out.printf("recorded this run's figures in %s%n", record);
      }

      if (liveSeconds > 0) {
        live(out, stack);
      }
    } finally {
      heap.close();
      try {
        LocalFiles.deleteTree(work);
      } catch (IOException e) {
        // a temporary directory; the OS cleans it eventually
      }
    }
    return 0;
  }

  /** The 1-minute load average when the command started (others' work on a shared machine). */
  private final double loadAverage =
      ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

  /** The input, or that many links to it under distinct names (each its own stream). */
  private List<Source> sources(Path video, Path work) throws IOException {
    if (inputs <= 1) {
      return Sources.expand(List.of(video.toString()), null);
    }
    List<String> names = new ArrayList<>();
    Path dir = Files.createDirectories(work.resolve("inputs"));
    for (int i = 0; i < inputs; i++) {
      Path link = dir.resolve("input-" + i + "-" + video.getFileName());
      Files.createSymbolicLink(link, video.toAbsolutePath());
      names.add(link.toString());
    }
    return Sources.expand(names, null);
  }

  /**
   * Cuts found against the programme's, and the share of frames whose segment has the shot's true
   * labels.
   */
  private static void accuracy(
      PrintWriter out, Programme truth, IngestResult result, List<ShotTimeline> shots) {
    Set<Long> trueCuts = new HashSet<>();
    truth.cuts().forEach(c -> trueCuts.add((long) c));
    long found = result.cuts().stream().filter(trueCuts::contains).count();
    long right = 0;
    for (ShotTimeline shot : shots) {
      for (Segment s : shot.getSegments()) {
        Set<String> labels = Set.copyOf(s.getLabels());
        for (Programme.Shot t : truth.shots()) {
          long from = Math.max(s.getStartFrame(), t.startFrame());
          long to = Math.min(s.getEndFrame(), t.endFrame());
          Set<String> expected =
              t.spec().labels().stream().map(MotionLabel::label).collect(Collectors.toSet());
          if (to > from && labels.equals(expected)) {
            right += to - from;
          }
        }
      }
    }
    out.printf(
        "accuracy on the programme: cuts %d of %d found, %d false; frames labelled exactly right"
            + " %.3f%n",
        found, trueCuts.size(), result.cuts().size() - found, right / (double) truth.frames());
  }

  /**
   * A live-paced source through the running stack: for every window, the time from its publication
   * to the first timeline update of its shot that counts it.
   */
  /**
   * The default ingest settings with the {@code --ingest-option}s; a usage error names a bad one.
   */
  private StreamIngestor.Settings ingestSettings() {
    try {
      return IngestSettings.readingOptions(ingestOptions);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--ingest-option " + e.getMessage());
    }
  }

  private void live(PrintWriter out, PipelineStack stack) throws Exception {
    Path clip = Files.createTempFile("camreasoner-live-", ".mp4");
    try {
      int shots = Math.max(2, liveSeconds / 8);
      ClipWriter.write(
          clip,
          ProgrammeGenerator.generate(
              seed + 1, "live", shots, size.width(), size.height(), fps, 10.5, false),
          ClipWriter.DEFAULT_QUALITY);
      Source source = Sources.expand(List.of(clip.toString()), "live-" + UUID.randomUUID()).get(0);
      StreamIngestor.Settings d = StreamIngestor.Settings.defaults();
      StreamIngestor.Settings paced =
          new StreamIngestor.Settings(
              d.window(), d.cuts(), d.timeout(), true, d.maxReconnects(), d.reconnectBackoff());
      LatencyProbe probe = new LatencyProbe(stack, source.streamId());
      try (KafkaWindowSink sink =
              new KafkaWindowSink(stack.kafka(), Topics.FRAME_WINDOWS, stack.serdes(), Map.of());
          IngestService liveIngest = new IngestService(paced, sink, IngestMetrics.inMemory(), 1)) {
        out.printf("%nlive: %d s of paced video through the same stack...%n", liveSeconds);
        out.flush();
        IngestResult r = liveIngest.submit(source, IngestService.Listener.NONE).get();
        if (!r.ok()) {
          throw new IllegalStateException("the live source failed: " + r.error());
        }
        List<Long> latencies = probe.awaitAll(r.windows(), Duration.ofSeconds(60));
        probe.close();
        Collections.sort(latencies);
        out.printf(
            "live latency, window published -> its timeline update, %d windows: p50 %d ms, p99 %d"
                + " ms, max %d ms%n",
            latencies.size(),
            percentile(latencies, 50),
            percentile(latencies, 99),
            latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
        out.flush();
      }
    } finally {
      Files.deleteIfExists(clip);
    }
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
