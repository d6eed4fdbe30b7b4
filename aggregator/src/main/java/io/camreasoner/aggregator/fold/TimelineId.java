package io.camreasoner.aggregator.fold;

import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;

/**
 * Whose timeline a shot belongs to: the stream, its ingest session (0 for an archive, so re-runs
 * fold into the same timeline; a live source's restart is a new one) and the producer of the events
 * (backend, model version, settings digest), so results of two producers for one stream live side
 * by side.
 *
 * @param streamId the stream
 * @param session the ingest session
 * @param producer what produced the events ({@code MotionEvent.producer})
 */
public record TimelineId(String streamId, long session, String producer) {

  /** Normalises a missing producer (events of older workers) to empty. */
  public TimelineId {
    producer = producer == null ? "" : producer;
  }

  /** The timeline an event belongs to. */
  public static TimelineId of(MotionEvent e) {
    return new TimelineId(e.getStreamId(), e.getSession(), e.getProducer());
  }

  /** The output key of one of its shots. */
  public ShotKey shotKey(int shotIndex) {
    return new ShotKey(streamId, shotIndex, session, producer);
  }

  /** A short form for log lines: {@code stream[session, producer]}. */
  public String describe() {
    return streamId + "[session " + session + ", " + (producer.isEmpty() ? "?" : producer) + "]";
  }
}
