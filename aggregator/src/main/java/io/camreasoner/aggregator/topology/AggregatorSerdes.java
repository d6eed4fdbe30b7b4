package io.camreasoner.aggregator.topology;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of the aggregator's topics. Production passes the registry-backed Confluent-format
 * serdes of the {@code schemas} module; tests may pass any serde of the same types. Stream ids are
 * plain UTF-8 string keys.
 *
 * @param motionEvents values of the motion-events topic
 * @param shotKeys keys of the shot-timelines topic
 * @param shotTimelines values of the shot-timelines topic
 * @param deadLetters values of the DLQ topic
 */
public record AggregatorSerdes(
    Serde<MotionEvent> motionEvents,
    Serde<ShotKey> shotKeys,
    Serde<ShotTimeline> shotTimelines,
    Serializer<DeadLetter> deadLetters) {

  /** Rejects missing serdes. */
  public AggregatorSerdes {
    Objects.requireNonNull(motionEvents, "motionEvents serde");
    Objects.requireNonNull(shotKeys, "shotKeys serde");
    Objects.requireNonNull(shotTimelines, "shotTimelines serde");
    Objects.requireNonNull(deadLetters, "deadLetters serializer");
  }
}
