package io.camreasoner.schemas;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.SampledFrame;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** One realistic instance of every contract record, for serde tests. */
public final class SampleRecords {
  private SampleRecords() {}

  public static FrameWindow frameWindow() {
    return FrameWindow.newBuilder()
        .setStreamId("clip-a")
        .setSource("clips/a.mp4")
        .setWindowSeq(7)
        .setShotIndex(1)
        .setFirstFrame(100)
        .setLastFrame(124)
        .setStartMicros(4_000_000)
        .setEndMicros(4_960_000)
        .setFps(25.0)
        .setWidth(320)
        .setHeight(180)
        .setSourceWidth(1280)
        .setSourceHeight(720)
        .setFrames(
            List.of(
                new SampledFrame(
                    100L, 4_000_000L, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1})),
                new SampledFrame(
                    112L, 4_480_000L, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 2}))))
        .setShotStartFrame(97)
        .setIngestTimeMs(1_700_000_000_000L)
        .build();
  }

  public static MotionEvent motionEvent() {
    return MotionEvent.newBuilder()
        .setStreamId("clip-a")
        .setSource("clips/a.mp4")
        .setWindowSeq(7)
        .setShotIndex(1)
        .setFirstFrame(100)
        .setLastFrame(124)
        .setStartMicros(4_000_000)
        .setEndMicros(4_960_000)
        .setFps(25.0)
        .setLabels(List.of("pan-left"))
        .setScores(Map.of("pan-left", 0.93, "truck-left", 0.12, "static", 0.01))
        .setObservation("Content slides right at 0.21 frame-widths/s.")
        .setThinking("Residual parallax 0.002 < 0.01: rotation, not translation.")
        .setAnswer("pan-left")
        .setCues(
            MotionCues.newBuilder()
                .setTranslationX(0.21)
                .setResidualParallax(0.002)
                .setTrackCount(180)
                .setExtra(Map.of("fbError", 0.3))
                .build())
        .setBackend("geometry")
        .setModelVersion("geometry-1")
        .build();
  }

  public static ShotKey shotKey() {
    return new ShotKey("clip-a", 1, 0L, "");
  }

  public static ShotTimeline shotTimeline() {
    Segment segment =
        Segment.newBuilder()
            .setStartFrame(97)
            .setEndFrame(153)
            .setStartSec(3.88)
            .setEndSec(6.12)
            .setLabels(List.of("pan-right", "tilt-up"))
            .setConfidence(0.88)
            .setScores(Map.of("pan-right", 0.91, "tilt-up", 0.88))
            .setObservation("o")
            .setThinking("t")
            .setAnswer("pan-right, tilt-up")
            .setWindowCount(2)
            .setFirstWindowSeq(6)
            .setLastWindowSeq(7)
            .build();
    return ShotTimeline.newBuilder()
        .setStreamId("clip-a")
        .setSource("clips/a.mp4")
        .setShotIndex(1)
        .setStartFrame(97)
        .setEndFrame(153)
        .setStartSec(3.88)
        .setEndSec(6.12)
        .setFps(25.0)
        .setStatus(ShotStatus.CLOSED)
        .setCloseReason("next-shot")
        .setSegments(List.of(segment))
        .setWindowCount(2)
        .setLastWindowSeq(7)
        .setCuts(List.of(97L, 153L))
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setOriginTopic("camreasoner.frame-windows")
        .setOriginPartition(3)
        .setOriginOffset(42)
        .setKey(ByteBuffer.wrap("clip-a".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {9, 9, 9}))
        .setStage("worker.decode-jpeg")
        .setReason("frame 112 is not a JPEG")
        .setErrorClass("java.lang.IllegalArgumentException")
        .setService("worker-0")
        .setFailedAtMs(1_700_000_000_123L)
        .build();
  }
}
