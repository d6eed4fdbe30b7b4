package io.camreasoner.schemas;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.List;
import java.util.Map;

/**
 * The one registry of topics: every topic the system reads or writes, with its default name,
 * serdes, partitions and configs. No other code contains a topic name.
 */
public final class Topics {
  private Topics() {}

  /** Largest frame-window message the system produces or accepts (bytes); checked by ingest. */
  public static final int MAX_FRAME_WINDOW_BYTES = 8 * 1024 * 1024;

  /** Sampled frames of one shot, key = stream id. */
  public static final Topic<String, FrameWindow> FRAME_WINDOWS =
      new Topic<>(
          "camreasoner.frame-windows",
          SerdeSpec.string(),
          SerdeSpec.avro(FrameWindow.class),
          12,
          Map.of(
              "max.message.bytes", String.valueOf(MAX_FRAME_WINDOW_BYTES + 64 * 1024),
              "retention.ms", String.valueOf(24L * 3600 * 1000),
              "compression.type", "producer"),
          "FrameWindow records: a few JPEG frames of one shot; key = stream id");

  /** Motion-reasoning events, one per window, key = stream id. */
  public static final Topic<String, MotionEvent> MOTION_EVENTS =
      new Topic<>(
          "camreasoner.motion-events",
          SerdeSpec.string(),
          SerdeSpec.avro(MotionEvent.class),
          12,
          Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)),
          "MotionEvent records: labels, confidences, O-T-A text and cues per window; key = stream id");

  /** Shot timelines, compacted, key = stream id + shot index. */
  public static final Topic<ShotKey, ShotTimeline> SHOT_TIMELINES =
      new Topic<>(
          "camreasoner.shot-timelines",
          SerdeSpec.avro(ShotKey.class),
          SerdeSpec.avro(ShotTimeline.class),
          12,
          Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"),
          "ShotTimeline records (open, then closed); key = ShotKey(stream id, shot index)");

  /** Records that could not be processed, with their origin; key = the original key bytes. */
  public static final Topic<byte[], DeadLetter> DLQ =
      new Topic<>(
          "camreasoner.dlq",
          SerdeSpec.bytes(),
          SerdeSpec.avro(DeadLetter.class),
          1,
          Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)),
          "DeadLetter records: failed record, reason and origin topic/partition/offset");

  /**
   * The embedded schema registry's own log of schemas (like Confluent's {@code _schemas}): one
   * partition, compacted, JSON keys and values written by the registry itself.
   */
  public static final Topic<String, String> SCHEMAS =
      new Topic<>(
          "camreasoner._schemas",
          SerdeSpec.string(),
          SerdeSpec.string(),
          1,
          Map.of("cleanup.policy", "compact"),
          "The embedded registry's durable schema log (JSON)");

  /** Every topic of the pipeline, in data-flow order (the registry's own topic last). */
  public static List<Topic<?, ?>> all() {
    return List.of(FRAME_WINDOWS, MOTION_EVENTS, SHOT_TIMELINES, DLQ, SCHEMAS);
  }
}
