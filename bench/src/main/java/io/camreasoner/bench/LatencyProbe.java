package io.camreasoner.bench;

import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.stack.PipelineStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows one stream on the frame-windows topic (publication time of each window, by shot) and on
 * the shot-timelines topic (when each shot's window count grows), and pairs them.
 */
final class LatencyProbe implements AutoCloseable {
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
