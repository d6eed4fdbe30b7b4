package io.camreasoner.bench;

import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.ShotKey;
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
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camreasoner bench e2e}: the whole pipeline on the embedded stack over a long synthetic
 * programme (default 10 minutes of 640x360 at 25 fps), as {@code analyze} runs it: wall time with
 * start-up, realtime factor, and in the same run the ratio to plain FFmpeg decoding of the same
 * file and to the previous release's figure; where the CPU time goes (per stage, the broker child
 * included); peak heap. Then live latency: a paced (live) source through the same stack, p50/p99
 * from a window's publication (its last frame sampled and encoded) to the timeline update that
 * includes it.
 */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end pipeline throughput (realtime factor, vs plain FFmpeg decode and the previous"
          + " release, same run), start-up, heap, CPU per stage, and live latency p50/p99."
    })
final class E2eBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Length of the programme in minutes (default ${DEFAULT-VALUE}).")
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
      names = "--live-seconds",
      defaultValue = "60",
      description =
          "Seconds of live-paced video for the latency measurement; 0 skips it (default"
              + " ${DEFAULT-VALUE}).")
  int liveSeconds;

  @Option(
      names = "--cache",
      description =
          "Directory of the rendered programme, kept between runs (default bench/ in the launcher's"
              + " cache: $CAMREASONER_CACHE, else ~/.cache/camreasoner).")
  Path cache;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double jvmToCommand =
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    Path video = programme(out);
    Source source = Sources.expand(List.of(video.toString()), null).get(0);
    double decodeSeconds = FfmpegDecode.seconds(video);

    CpuMeter cpu = new CpuMeter();
    HeapMeter heap = new HeapMeter();
    long t0 = System.nanoTime();
    Path work = Files.createTempDirectory("camreasoner-bench-e2e");
    PipelineStack.Options options = PipelineStack.Options.embedded(work, 2, true);
    try (PipelineStack stack = PipelineStack.start(options, new SimpleMeterRegistry());
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      double startup = (System.nanoTime() - t0) / 1e9;
      long brokerStartCpuMs = cpu.processCpuMillis(stack.broker().pid());
      List<IngestResult> results =
          new Analysis(
                  stack,
                  timelines,
                  null,
                  new Analysis.Limits(
                      Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(30)))
              .run(List.of(source));
      double wall = (System.nanoTime() - t0) / 1e9;
      IngestResult r = results.get(0);
      if (!r.ok()) {
        throw new IllegalStateException("the programme failed to ingest: " + r.error());
      }
      long brokerCpuMs = cpu.processCpuMillis(stack.broker().pid());
      heap.close();
      Map<String, Double> byStage = cpu.stop();
      double videoSeconds = r.frames() / fps;
      double realtime = videoSeconds / wall;
      double decodeRealtime = videoSeconds / decodeSeconds;
      int segments = 0;
      for (ShotTimeline t : timelines.shots(r.streamId(), r.session(), stack.producer())) {
        segments += t.getSegments().size();
      }

      out.printf(
          "%nprogramme: %s (%d frames, %.0f s of %dx%d at %.0f fps, %d shots, %d segments)%n",
          video,
          r.frames(),
          videoSeconds,
          size.width(),
          size.height(),
          fps,
          r.cuts().size() + 1,
          segments);
      out.printf(
          "plain FFmpeg decode of the same file  %7.2f s  %6.1fx real time  %6.0f frames/s%n",
          decodeSeconds, decodeRealtime, r.frames() / decodeSeconds);
      out.printf(
          "analyze end to end, start-up included %7.2f s  %6.1fx real time  %6.0f frames/s"
              + "  (%.2fx of plain decode; target >= 30x real time)%n",
          wall, realtime, r.frames() / wall, decodeSeconds / wall);
      out.printf(
          "start-up: %.2f s (JVM start to command %.2f s + broker, registry, topics, services"
              + " %.2f s; target <= 6 s)%n",
          jvmToCommand + startup, jvmToCommand, startup);
      Properties release = previousRelease();
      if (release == null) {
        out.println("previous release: no figure recorded with this build");
      } else {
        double previous = Double.parseDouble(release.getProperty("realtime"));
        out.printf(
            "previous release %s: %.1fx real time (%s) -> this run %.2fx of it%n",
            release.getProperty("release"),
            previous,
            release.getProperty("measured"),
            realtime / previous);
      }
      out.printf(
          "heap: peak %d MiB used of %d MiB max (target <= 1024 MiB); broker child JVM apart%n",
          heap.peakMiB(), Runtime.getRuntime().maxMemory() >> 20);
      out.printf("%nCPU time by stage (%d cores):%n", Runtime.getRuntime().availableProcessors());
      byStage.put("broker start-up (child JVM)", brokerStartCpuMs / 1000.0);
      byStage.put("broker serving", (brokerCpuMs - brokerStartCpuMs) / 1000.0);
      double total = byStage.values().stream().mapToDouble(Double::doubleValue).sum();
      byStage.forEach(
          (stage, seconds) ->
              out.printf("  %-34s %7.2f s  %5.1f %%%n", stage, seconds, 100 * seconds / total));
      out.printf("  %-34s %7.2f s  (%.2f cores busy on average)%n", "total", total, total / wall);
      out.printf("  of which the JVM reports: %s%n", cpu.gcAndJit());
      out.flush();

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

  /** The cached rendered programme, rendering it the first time. */
  private Path programme(PrintWriter out) throws IOException {
    Path dir = cache != null ? cache : LocalFiles.cacheRoot().resolve("bench");
    Path video =
        dir.resolve(
            String.format(
                "e2e-%d-%dx%d-%.0ffps-%.1fmin.mp4",
                seed, size.width(), size.height(), fps, minutes));
    if (Files.exists(video)) {
      return video;
    }
    int shots = (int) Math.max(2, Math.round(minutes * 60 / 6));
    Programme p =
        ProgrammeGenerator.generate(
            seed, "e2e", shots, size.width(), size.height(), fps, 10.5, true);
    out.printf(
        "rendering the %.1f-minute programme once (%d frames; kept in %s)...%n",
        p.frames() / fps / 60, p.frames(), video);
    out.flush();
    Path partial = dir.resolve(video.getFileName() + ".partial.mp4");
    ClipWriter.write(partial, p, ClipWriter.DEFAULT_QUALITY);
    Files.move(partial, video);
    return video;
  }

  /** The figures of the previous release, shipped with the build (null when there is none). */
  static Properties previousRelease() throws IOException {
    try (InputStream in = E2eBench.class.getResourceAsStream("e2e-previous-release.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    }
  }

  /**
   * A live-paced source through the running stack: for every window, the time from its publication
   * to the first timeline update of its shot that counts it.
   */
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

  /**
   * Follows one stream on the frame-windows topic (publication time of each window, by shot) and on
   * the shot-timelines topic (when each shot's window count grows), and pairs them.
   */
  private static final class LatencyProbe implements AutoCloseable {
    private final Map<Integer, List<Long>> published = new ConcurrentHashMap<>();
    private final Map<Integer, List<Long>> counted = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ready = new AtomicLong();
    private volatile boolean running = true;

    LatencyProbe(PipelineStack stack, String streamId) {
      Map<String, Object> props =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              stack.kafka(),
              ConsumerConfig.GROUP_ID_CONFIG,
              "camreasoner-bench-" + UUID.randomUUID(),
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
              "latest",
              ConsumerConfig.ISOLATION_LEVEL_CONFIG,
              "read_committed");
      KafkaConsumer<String, FrameWindow> windows =
          new KafkaConsumer<>(
              props,
              Topics.FRAME_WINDOWS.keySerde(stack.serdes()).deserializer(),
              Topics.FRAME_WINDOWS.valueSerde(stack.serdes()).deserializer());
      KafkaConsumer<ShotKey, ShotTimeline> timelines =
          new KafkaConsumer<>(
              props,
              Topics.SHOT_TIMELINES.keySerde(stack.serdes()).deserializer(),
              Topics.SHOT_TIMELINES.valueSerde(stack.serdes()).deserializer());
      threads.add(
          follow(
              windows,
              Topics.FRAME_WINDOWS.name(),
              (ConsumerRecord<String, FrameWindow> r, long now) -> {
                if (streamId.equals(r.key()) && !r.value().getEndOfStream()) {
                  published
                      .computeIfAbsent(r.value().getShotIndex(), k -> new ArrayList<>())
                      .add(r.timestamp());
                }
              }));
      threads.add(
          follow(
              timelines,
              Topics.SHOT_TIMELINES.name(),
              (ConsumerRecord<ShotKey, ShotTimeline> r, long now) -> {
                if (r.value() != null && streamId.equals(r.key().getStreamId())) {
                  List<Long> seen =
                      counted.computeIfAbsent(r.key().getShotIndex(), k -> new ArrayList<>());
                  while (seen.size() < r.value().getWindowCount()) {
                    seen.add(now); // the k-th window of the shot first counted now
                  }
                }
              }));
      // both consumers must have their positions before the source starts
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ready.get() < 2 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
    }

    private interface Handler<K, V> {
      void on(ConsumerRecord<K, V> record, long nowMs);
    }

    private <K, V> Thread follow(KafkaConsumer<K, V> consumer, String topic, Handler<K, V> on) {
      Thread t =
          new Thread(
              () -> {
                try (consumer) {
                  consumer.subscribe(List.of(topic));
                  boolean announced = false;
                  while (running) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    if (!announced && !consumer.assignment().isEmpty()) {
                      consumer.assignment().forEach(consumer::position);
                      ready.incrementAndGet();
                      announced = true;
                    }
                    long now = System.currentTimeMillis();
                    records.forEach(r -> on.on(r, now));
                  }
                }
              },
              "bench-latency-" + topic);
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** Latencies of every published window, once all are counted (or the wait is over). */
    List<Long> awaitAll(long windows, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && pairs().size() < windows) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
      }
      return pairs();
    }

    private List<Long> pairs() {
      List<Long> out = new ArrayList<>();
      published.forEach(
          (shot, times) -> {
            List<Long> seen = counted.getOrDefault(shot, List.of());
            List<Long> pub = List.copyOf(times);
            List<Long> cnt = List.copyOf(seen);
            for (int i = 0; i < Math.min(pub.size(), cnt.size()); i++) {
              out.add(Math.max(0, cnt.get(i) - pub.get(i)));
            }
          });
      return out;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(5_000);
      }
    }
  }

  /** Samples the heap in use every 50 ms and keeps the peak. */
  private static final class HeapMeter implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapMeter() {
      thread =
          new Thread(
              () -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
              },
              "bench-heap");
      thread.setDaemon(true);
      thread.start();
    }

    long peakMiB() {
      return peak.get() >> 20;
    }

    @Override
    public void close() {
      running = false;
    }
  }

  /**
   * CPU time of this JVM's threads by pipeline stage (thread names), sampled every 200 ms so
   * threads that end are still counted; what no listed thread accounts for (GC, JIT, native threads
   * of OpenCV and FFmpeg) is its own row.
   */
  private static final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuByThread = new ConcurrentHashMap<>();
    private final Map<Long, String> nameByThread = new ConcurrentHashMap<>();
    private final long processStart = processCpuNanos();
    private final long gcStartMs =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(b -> Math.max(0, b.getCollectionTime()))
            .sum();
    private final long gcStartCount =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(b -> Math.max(0, b.getCollectionCount()))
            .sum();
    private final long jitStartMs =
        ManagementFactory.getCompilationMXBean() == null
            ? 0
            : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    private final Map<Long, Long> startByThread = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    CpuMeter() {
      sample(true);
      sampler =
          new Thread(
              () -> {
                while (running) {
                  java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
                  sample(false);
                }
              },
              "bench-cpu");
      sampler.setDaemon(true);
      sampler.start();
    }

    private void sample(boolean baseline) {
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu < 0) {
          continue;
        }
        if (baseline) {
          startByThread.put(info.getThreadId(), cpu);
        }
        cpuByThread.put(info.getThreadId(), cpu);
        nameByThread.put(info.getThreadId(), info.getThreadName());
      }
    }

    /** CPU seconds by stage since construction. */
    Map<String, Double> stop() throws InterruptedException {
      running = false;
      sampler.join();
      sample(false);
      Map<String, Double> out = new LinkedHashMap<>();
      for (String stage :
          List.of(
              "ingest (decode, cuts, windows, JPEG)",
              "reasoner (worker threads)",
              "worker Kafka loop",
              "aggregator (Kafka Streams)",
              "Kafka client I/O threads",
              "other threads")) {
        out.put(stage, 0.0);
      }
      double threadsTotal = 0;
      for (Map.Entry<Long, Long> e : cpuByThread.entrySet()) {
        double s = (e.getValue() - startByThread.getOrDefault(e.getKey(), 0L)) / 1e9;
        threadsTotal += s;
        out.merge(stage(nameByThread.get(e.getKey())), s, Double::sum);
      }
      double process = (processCpuNanos() - processStart) / 1e9;
      // threads the JVM does not list: GC and JIT, and native threads (OpenCV's, FFmpeg's)
      out.put("native threads, GC, JIT", Math.max(0, process - threadsTotal));
      return out;
    }

    /** Wall seconds the collectors and the JIT compilers report since construction. */
    String gcAndJit() {
      long gc = 0;
      long collections = 0;
      for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
        gc += Math.max(0, bean.getCollectionTime());
        collections += Math.max(0, bean.getCollectionCount());
      }
      var jit = ManagementFactory.getCompilationMXBean();
      return String.format(
          "GC %.2f s in %d collections (%s), JIT compilation %.2f s",
          (gc - gcStartMs) / 1000.0,
          collections - gcStartCount,
          ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList(),
          jit == null ? 0 : (jit.getTotalCompilationTime() - jitStartMs) / 1000.0);
    }

    private static String stage(String name) {
      if (name.startsWith("ingest-")) {
        return "ingest (decode, cuts, windows, JPEG)";
      }
      if (name.startsWith("worker-reason-")) {
        return "reasoner (worker threads)";
      }
      if (name.startsWith("worker-poll-")) {
        return "worker Kafka loop";
      }
      if (name.contains("StreamThread")) {
        return "aggregator (Kafka Streams)";
      }
      if (name.startsWith("kafka-") || name.contains("producer-network-thread")) {
        return "Kafka client I/O threads";
      }
      return "other threads";
    }

    private static long processCpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    /** Total CPU time of another process (the broker child), in ms; 0 when unknown. */
    long processCpuMillis(long pid) {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().totalCpuDuration())
          .map(Duration::toMillis)
          .orElse(0L);
    }
  }
}
