package io.camreasoner.worker.loop;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link MotionEvent}s one producer (backend, model version, settings) writes: reasoned
 * windows, windows too short to judge, failed windows and end-of-stream pass-throughs. The first
 * window of each shot carries the shot's {@link ShotThumbnail}. Pure.
 */
final class MotionEvents {

  /** The answer of a window with fewer frames than motion needs. */
  static final String TOO_SHORT = "too short to judge";

  private final String backend;
  private final String modelVersion;
  private final String producer;

  /**
   * @param resultSettings the backend's settings that change results ({@link
   *     io.camreasoner.worker.backend.BackendFactory#resultSettings()})
   */
  MotionEvents(String backend, String modelVersion, String resultSettings) {
    this.backend = backend;
    this.modelVersion = modelVersion;
    this.producer = producer(backend, modelVersion, resultSettings);
  }

  /**
   * The producer identity {@code backend@modelVersion}, with {@code #} and the first 8 hex digits
   * of the SHA-256 of the result settings when there are any.
   */
  static String producer(String backend, String modelVersion, String resultSettings) {
    String id = backend + "@" + modelVersion;
    if (resultSettings == null || resultSettings.isEmpty()) {
      return id;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(resultSettings.getBytes(StandardCharsets.UTF_8));
      return id + "#" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** This producer's identity. */
  String producer() {
    return producer;
  }

  /** The event of a reasoned window. */
  MotionEvent of(FrameWindow w, BackendResult r, long nowMs) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l.label(), r.scores().get(l));
    }
    return base(w, nowMs)
        .setLabels(r.labels().stream().map(MotionLabel::label).toList())
        .setScores(scores)
        .setObservation(r.observation())
        .setThinking(r.thinking())
        .setAnswer(r.answer())
        .setCues(r.cues())
        .setInferenceMillis(r.inferenceMillis())
        .setThumbnail(ShotThumbnail.of(w).orElse(null))
        .build();
  }

  /**
   * The event of a window of fewer than two frames (a shot of one frame): a valid segment whose
   * answer says it is too short to judge; no labels, confidence 0, no backend call.
   */
  MotionEvent tooShort(FrameWindow w, long nowMs) {
    return empty(w, nowMs)
        .setObservation(
            "The window has "
                + w.getFrames().size()
                + " sampled frame(s) (frames "
                + w.getFirstFrame()
                + "-"
                + w.getLastFrame()
                + "): no motion can be measured.")
        .setThinking(
            "Camera motion is a change between frames; with fewer than two there is none to"
                + " measure, so no movement can be claimed or ruled out.")
        .setAnswer(TOO_SHORT)
        .setThumbnail(ShotThumbnail.of(w).orElse(null))
        .build();
  }

  /**
   * The event of a window that could not be reasoned about: no labels, the reason in {@code
   * failure}; the timeline shows its frames as a gap.
   */
  MotionEvent failure(FrameWindow w, String reason, long nowMs) {
    return empty(w, nowMs).setFailure(reason).build();
  }

  /**
   * The pass-through of an end-of-stream marker: no labels, error, cuts and transitions copied (the
   * aggregator closes the stream's shots on it).
   */
  MotionEvent endOfStream(FrameWindow w, long nowMs) {
    return empty(w, nowMs)
        .setEndOfStream(true)
        .setError(w.getError())
        .setCuts(List.copyOf(w.getCuts()))
        .setTransitions(List.copyOf(w.getTransitions()))
        .build();
  }

  private MotionEvent.Builder empty(FrameWindow w, long nowMs) {
    return base(w, nowMs)
        .setLabels(List.of())
        .setScores(Map.of())
        .setObservation("")
        .setThinking("")
        .setAnswer("")
        .setCues(MotionCues.newBuilder().build());
  }

  private MotionEvent.Builder base(FrameWindow w, long nowMs) {
    return MotionEvent.newBuilder()
        .setStreamId(w.getStreamId())
        .setSource(w.getSource())
        .setWindowSeq(w.getWindowSeq())
        .setShotIndex(w.getShotIndex())
        .setFirstFrame(w.getFirstFrame())
        .setLastFrame(w.getLastFrame())
        .setStartMicros(w.getStartMicros())
        .setEndMicros(w.getEndMicros())
        .setFps(w.getFps())
        .setBackend(backend)
        .setModelVersion(modelVersion)
        .setShotStartFrame(w.getShotStartFrame())
        .setPreviousShotEndFrame(w.getPreviousShotEndFrame())
        .setIngestTimeMs(w.getIngestTimeMs())
        .setProcessedTimeMs(nowMs)
        .setSession(w.getSession())
        .setProducer(producer);
  }
}
