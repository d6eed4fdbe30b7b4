package io.camreasoner.aggregator.api;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.List;
import java.util.Optional;

/**
 * Where the HTTP API reads timelines: this instance's local state, plus which other instance owns a
 * stream (for forwarding). The Kafka Streams implementation is {@link StreamsTimelineDirectory};
 * tests of the HTTP layer may use any other.
 */
public interface TimelineDirectory {

  /** Streams whose state lives on this instance. */
  List<StreamSummary> localStreams();

  /** All shots of a local stream in shot order; empty if this instance has none of it. */
  List<ShotTimeline> localShots(String streamId);

  /**
   * The motion-curve points of one local timeline's windows (every shot), in time order; empty if
   * this instance has none of it.
   */
  List<CurvePoint> localCurve(TimelineId timeline);

  /**
   * The {@code host:port} of another instance that owns {@code streamId}, or empty when this
   * instance owns it (or nobody does yet).
   *
   * @throws IllegalStateException when ownership cannot be known right now (rebalancing)
   */
  Optional<String> ownerElsewhere(String streamId);

  /** {@code host:port} of every other running instance of the application. */
  List<String> otherInstances();
}
