package io.camreasoner.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of this JVM's threads by pipeline stage (thread names), sampled every 200 ms so threads
 * that end are still counted; what no listed thread accounts for (GC, JIT, native threads of OpenCV
 * and FFmpeg) is its own row, and the broker child's CPU is added by the caller.
 */
final class CpuMeter {
  /** The rows of the CPU table, with the short id the recorded figures use. */
  enum Stage {
    INGEST("ingest", "ingest (decode, cuts, windows, JPEG)"),
    REASONER("reasoner", "reasoner (worker threads)"),
    WORKER_LOOP("worker-loop", "worker Kafka loop"),
    AGGREGATOR("aggregator", "aggregator (Kafka Streams)"),
    KAFKA_IO("kafka-io", "Kafka client I/O threads"),
    OTHER("other", "other threads"),
    NATIVE("native", "native threads, GC, JIT"),
    BROKER_START("broker-start", "broker start-up (child JVM)"),
    BROKER_SERVING("broker-serving", "broker serving");

    final String id;
    final String label;

    Stage(String id, String label) {
      this.id = id;
      this.label = label;
    }

    static Stage ofThread(String name) {
      if (name.startsWith("ingest-")) {
        return INGEST;
      }
      if (name.startsWith("worker-reason-")) {
        return REASONER;
      }
      if (name.startsWith("worker-poll-")) {
        return WORKER_LOOP;
      }
      if (name.contains("StreamThread")) {
        return AGGREGATOR;
      }
      if (name.startsWith("kafka-") || name.contains("producer-network-thread")) {
        return KAFKA_IO;
      }
      return OTHER;
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuByThread = new ConcurrentHashMap<>();
  private final Map<Long, String> nameByThread = new ConcurrentHashMap<>();
  private final Map<Long, Long> startByThread = new ConcurrentHashMap<>();
  private final long processStart = processCpuNanos();
  private final long gcStartMs = gcMillis();
  private final long gcStartCount = gcCount();
  private final long jitStartMs = jitMillis();
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

  /** CPU seconds by stage since construction (the broker rows 0: the caller adds them). */
  Map<Stage, Double> stop() throws InterruptedException {
    running = false;
    sampler.join();
    sample(false);
    Map<Stage, Double> out = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      out.put(s, 0.0);
    }
    double threadsTotal = 0;
    for (Map.Entry<Long, Long> e : cpuByThread.entrySet()) {
      double s = (e.getValue() - startByThread.getOrDefault(e.getKey(), 0L)) / 1e9;
      threadsTotal += s;
      out.merge(Stage.ofThread(nameByThread.get(e.getKey())), s, Double::sum);
    }
    double process = (processCpuNanos() - processStart) / 1e9;
    // threads the JVM does not list: GC and JIT, and native threads (OpenCV's, FFmpeg's)
    out.put(Stage.NATIVE, Math.max(0, process - threadsTotal));
    return out;
  }

  /** Wall seconds the collectors and the JIT compilers report since construction. */
  String gcAndJit() {
    return String.format(
        "GC %.2f s in %d collections (%s), JIT compilation %.2f s",
        (gcMillis() - gcStartMs) / 1000.0,
        gcCount() - gcStartCount,
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList(),
        (jitMillis() - jitStartMs) / 1000.0);
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime()))
        .sum();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionCount()))
        .sum();
  }

  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit == null ? 0 : jit.getTotalCompilationTime();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Total CPU time of another process (the broker child), in ms; 0 when unknown. */
  static long processCpuMillis(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toMillis)
        .orElse(0L);
  }
}
