package io.camreasoner.ingest.publish;

import io.camreasoner.ingest.pipeline.EndOfStream;
import io.camreasoner.ingest.pipeline.StreamInfo;
import io.camreasoner.ingest.pipeline.WindowSink;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.schemas.ShotBounds;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.SampledFrame;
import io.camreasoner.schemas.avro.Transition;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes windows and end-of-stream markers as FrameWindow records, key = stream id, with headers
 * {@code camreasoner.source}, {@code camreasoner.window-seq}, {@code camreasoner.shot} and {@code
 * camreasoner.eos}. The producer is idempotent with {@code acks=all} and lz4 compression; a window
 * larger than {@link Topics#MAX_FRAME_WINDOW_BYTES} fails its stream with a message saying which
 * option to lower. A failed send fails the stream at the next call. Thread-safe: one sink serves
 * all streams.
 */
public final class KafkaWindowSink implements WindowSink, AutoCloseable {
  private final KafkaProducer<String, FrameWindow> producer;
  private final String topic;
  private final Map<String, Exception> failures = new ConcurrentHashMap<>();

  /** A sink producing to {@code topic} with extra producer properties (security, tuning). */
  public KafkaWindowSink(
      String bootstrap,
      Topic<String, FrameWindow> topic,
      AvroSerdeConfig serdes,
      Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_WINDOW_BYTES + 64 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "camreasoner-ingest");
    props.putAll(overrides);
    this.topic = topic.name();
    this.producer =
        new KafkaProducer<>(
            props, topic.keySerde(serdes).serializer(), topic.valueSerde(serdes).serializer());
  }

  @Override
  public void window(StreamInfo stream, Window w) throws Exception {
    throwIfFailed(stream);
    long size = w.jpegBytes() + 1024L;
    if (size > Topics.MAX_FRAME_WINDOW_BYTES) {
      throw new IllegalStateException(
          String.format(
              "window %d is %.1f MiB, above the %d MiB message limit; lower window.width, window.frames or window.jpeg-quality",
              w.seq(), size / 1048576.0, Topics.MAX_FRAME_WINDOW_BYTES / 1048576));
    }
    List<SampledFrame> frames =
        w.samples().stream()
            .map(
                s ->
                    new SampledFrame(
                        s.frameNumber(), s.timestampMicros(), ByteBuffer.wrap(s.jpeg())))
            .toList();
    FrameWindow value =
        base(stream)
            .setWindowSeq(w.seq())
            .setShotIndex(w.shotIndex())
            .setShotStartFrame(w.shotStartFrame())
            .setFirstFrame(w.firstFrame())
            .setLastFrame(w.lastFrame())
            .setStartMicros(w.startMicros())
            .setEndMicros(w.endMicros())
            .setFrames(frames)
            .setPreviousShotEndFrame(w.previousShotEndFrame())
            .build();
    send(stream, value);
  }

  @Override
  public void end(StreamInfo stream, EndOfStream end) throws Exception {
    List<Transition> transitions =
        end.transitions().stream()
            .map(t -> new Transition(t.type().wire(), t.startFrame(), t.endFrame()))
            .toList();
    List<ShotBounds.Range> shots = ShotBounds.between(transitions, end.totalFrames());
    int lastShot = Math.max(0, shots.size() - 1);
    long lastShotStart = shots.isEmpty() ? 0 : shots.get(lastShot).startFrame();
    long previousShotEnd = shots.size() > 1 ? shots.get(lastShot - 1).endFrame() : -1;
    FrameWindow marker =
        base(stream)
            .setWindowSeq(end.seq())
            .setShotIndex(lastShot)
            .setShotStartFrame(lastShotStart)
            .setPreviousShotEndFrame(previousShotEnd)
            .setTransitions(transitions)
            .setFirstFrame(Math.max(0, end.totalFrames() - 1))
            .setLastFrame(Math.max(0, end.totalFrames() - 1))
            .setStartMicros(end.lastTimestampMicros())
            .setEndMicros(end.lastTimestampMicros())
            .setFrames(List.of())
            .setEndOfStream(true)
            .setError(end.error())
            .setCuts(end.cuts())
            .build();
    Exception earlier = failures.remove(stream.source().streamId());
    send(stream, marker);
    boolean interrupted = Thread.interrupted(); // as in send: a stop must not lose the marker
    try {
      producer.flush();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Exception late = failures.remove(stream.source().streamId());
    if (earlier != null || late != null) {
      Exception e = earlier != null ? earlier : late;
      throw new IllegalStateException("publishing failed: " + e.getMessage(), e);
    }
  }

  private FrameWindow.Builder base(StreamInfo stream) {
    return FrameWindow.newBuilder()
        .setStreamId(stream.source().streamId())
        .setSource(stream.source().display())
        .setFps(stream.fps())
        .setWidth(stream.width())
        .setHeight(stream.height())
        .setSourceWidth(stream.sourceWidth())
        .setSourceHeight(stream.sourceHeight())
        .setLive(stream.source().live())
        .setIngestTimeMs(System.currentTimeMillis())
        .setSession(stream.session());
  }

  private void send(StreamInfo stream, FrameWindow value) {
    String key = stream.source().streamId();
    RecordHeaders headers = new RecordHeaders();
    headers.add("camreasoner.source", value.getSource().getBytes(StandardCharsets.UTF_8));
    headers.add(
        "camreasoner.window-seq",
        Long.toString(value.getWindowSeq()).getBytes(StandardCharsets.UTF_8));
    headers.add(
        "camreasoner.shot",
        Integer.toString(value.getShotIndex()).getBytes(StandardCharsets.UTF_8));
    headers.add(
        "camreasoner.eos",
        Boolean.toString(value.getEndOfStream()).getBytes(StandardCharsets.UTF_8));
    // a stop interrupts the ingest thread to wake a blocked read; it must not cost a window
    boolean interrupted = Thread.interrupted();
    try {
      producer.send(
          new ProducerRecord<>(topic, null, key, value, headers),
          (metadata, exception) -> {
            if (exception != null) {
              failures.putIfAbsent(key, exception);
            }
          });
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void throwIfFailed(StreamInfo stream) {
    Exception e = failures.get(stream.source().streamId());
    if (e != null) {
      throw new IllegalStateException("publishing failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
