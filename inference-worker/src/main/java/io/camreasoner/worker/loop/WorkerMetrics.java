package io.camreasoner.worker.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters (Prometheus names after the registry's conversion): windows processed by
 * outcome ({@code camreasoner_worker_windows_total}, rate = windows/s), per-window latency
 * histogram, batch sizes, backend errors, consumer lag and queued windows.
 */
public final class WorkerMetrics {

  private final Counter events;
  private final Counter endOfStream;
  private final Counter deadLetters;
  private final Counter retriableErrors;
  private final Counter fatalErrors;
  private final Timer latency;
  private final DistributionSummary batchSizes;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong paused = new AtomicLong();
  private final Counter pauses;

  public WorkerMetrics(MeterRegistry registry, String backend) {
    events = windows(registry, backend, "event");
    endOfStream = windows(registry, backend, "end-of-stream");
    deadLetters = windows(registry, backend, "dead-letter");
    retriableErrors =
        Counter.builder("camreasoner.worker.backend.errors")
            .description("Backend failures")
            .tag("backend", backend)
            .tag("retriable", "true")
            .register(registry);
    fatalErrors =
        Counter.builder("camreasoner.worker.backend.errors")
            .description("Backend failures")
            .tag("backend", backend)
            .tag("retriable", "false")
            .register(registry);
    latency =
        Timer.builder("camreasoner.worker.window.latency")
            .description("Time from taking a window off the queue to its result, per window")
            .tag("backend", backend)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    batchSizes =
        DistributionSummary.builder("camreasoner.worker.batch.size")
            .description("Windows per backend call")
            .tag("backend", backend)
            .register(registry);
    Gauge.builder("camreasoner.worker.lag", lag, AtomicLong::get)
        .description("Records behind the end of the assigned frame-windows partitions")
        .register(registry);
    pauses =
        Counter.builder("camreasoner.worker.pauses")
            .description("Times a partition was paused because its queue was full (back-pressure)")
            .register(registry);
    Gauge.builder("camreasoner.worker.paused", paused, AtomicLong::get)
        .description("Partitions paused now because their queue is full")
        .register(registry);
    Gauge.builder("camreasoner.worker.queued", queued, AtomicLong::get)
        .description("Windows fetched and waiting for a processing thread")
        .register(registry);
  }

  private static Counter windows(MeterRegistry registry, String backend, String outcome) {
    return Counter.builder("camreasoner.worker.windows")
        .description("Frame windows processed")
        .tag("backend", backend)
        .tag("outcome", outcome)
        .register(registry);
  }

  void event(long nanos) {
    events.increment();
    latency.record(Duration.ofNanos(nanos));
  }

  void endOfStream() {
    endOfStream.increment();
  }

  void deadLetter() {
    deadLetters.increment();
  }

  void backendError(boolean retriable) {
    (retriable ? retriableErrors : fatalErrors).increment();
  }

  void batch(int size) {
    batchSizes.record(size);
  }

  void lag(long records) {
    lag.set(records);
  }

  void queued(long windows) {
    queued.set(windows);
  }

  void paused(long partitions) {
    paused.set(partitions);
  }

  void pause() {
    pauses.increment();
  }
}
