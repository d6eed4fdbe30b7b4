package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.window.Window;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest's Prometheus metrics: frames decoded, decode errors, windows and bytes produced, failed
 * inputs, reconnects, HLS segments skipped because the server had moved on, and the realtime lag of
 * paced sources (how far reading runs behind their timestamps).
 */
public final class IngestMetrics {
  private final Counter frames;
  private final Counter decodeErrors;
  private final Counter windows;
  private final Counter bytes;
  private final Counter failedInputs;
  private final Counter reconnects;
  private final Counter skippedSegments;
  private final DistributionSummary windowBytes;
  private final Map<String, Double> lagByStream = new ConcurrentHashMap<>();

  /** Registers the meters. */
  public IngestMetrics(MeterRegistry registry) {
    frames =
        Counter.builder("camreasoner.ingest.frames.decoded")
            .description("Frames decoded")
            .register(registry);
    decodeErrors =
        Counter.builder("camreasoner.ingest.decode.errors")
            .description("Packets skipped: undecodable, damaged (concealed) or missing frames")
            .register(registry);
    windows =
        Counter.builder("camreasoner.ingest.windows")
            .description("Frame windows produced")
            .register(registry);
    bytes =
        Counter.builder("camreasoner.ingest.window.bytes")
            .description("JPEG bytes in produced windows")
            .baseUnit("bytes")
            .register(registry);
    failedInputs =
        Counter.builder("camreasoner.ingest.inputs.failed")
            .description("Inputs that ended in error")
            .register(registry);
    reconnects =
        Counter.builder("camreasoner.ingest.reconnects")
            .description("Reconnections of live sources")
            .register(registry);
    skippedSegments =
        Counter.builder("camreasoner.ingest.hls.segments.skipped")
            .description(
                "HLS segments never read because the server no longer listed them after a drop")
            .register(registry);
    windowBytes =
        DistributionSummary.builder("camreasoner.ingest.window.size")
            .description("JPEG bytes per window")
            .baseUnit("bytes")
            .register(registry);
    Gauge.builder(
            "camreasoner.ingest.realtime.lag",
            lagByStream,
            m -> m.values().stream().mapToDouble(Double::doubleValue).max().orElse(0))
        .description("Largest lag of a live source behind its timestamps")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Metrics kept in memory only (tests, one-off tools). */
  public static IngestMetrics inMemory() {
    return new IngestMetrics(new SimpleMeterRegistry());
  }

  void frameDecoded() {
    frames.increment();
  }

  void decodeErrors(long count) {
    decodeErrors.increment(count);
  }

  void window(Window w) {
    windows.increment();
    bytes.increment(w.jpegBytes());
    windowBytes.record(w.jpegBytes());
  }

  void failedInput() {
    failedInputs.increment();
  }

  void reconnect() {
    reconnects.increment();
  }

  void skippedSegments(long count) {
    skippedSegments.increment(count);
  }

  void realtimeLag(String streamId, double seconds) {
    lagByStream.put(streamId, seconds);
  }
}
