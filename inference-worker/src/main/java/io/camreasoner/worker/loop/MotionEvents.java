package io.camreasoner.worker.loop;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link MotionEvent}s from windows and backend results; pure functions. */
final class MotionEvents {

  private MotionEvents() {}

  /** The event of a reasoned window. */
  static MotionEvent of(
      FrameWindow w, BackendResult r, String backend, String modelVersion, long nowMs) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l.label(), r.scores().get(l));
    }
    return base(w, backend, modelVersion, nowMs)
        .setLabels(r.labels().stream().map(MotionLabel::label).toList())
        .setScores(scores)
        .setObservation(r.observation())
        .setThinking(r.thinking())
        .setAnswer(r.answer())
        .setCues(r.cues())
        .setInferenceMillis(r.inferenceMillis())
        .build();
  }

  /**
   * The pass-through of an end-of-stream marker: no labels, error and cuts copied (the aggregator
   * closes the stream's last shot on it).
   */
  static MotionEvent endOfStream(FrameWindow w, String backend, String modelVersion, long nowMs) {
    return base(w, backend, modelVersion, nowMs)
        .setLabels(List.of())
        .setScores(Map.of())
        .setObservation("")
        .setThinking("")
        .setAnswer("")
        .setCues(MotionCues.newBuilder().build())
        .setEndOfStream(true)
        .setError(w.getError())
        .setCuts(List.copyOf(w.getCuts()))
        .build();
  }

  private static MotionEvent.Builder base(
      FrameWindow w, String backend, String modelVersion, long nowMs) {
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
        .setIngestTimeMs(w.getIngestTimeMs())
        .setProcessedTimeMs(nowMs);
  }
}
