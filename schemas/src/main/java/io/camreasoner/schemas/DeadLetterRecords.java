package io.camreasoner.schemas;

import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Makes the records of the dead-letter topic for a service that gives up on a record: the {@link
 * DeadLetter} envelope (origin, the failed record's key and value as read, stage, reason, error
 * class, service, time), its {@link DeadLetterHeaders} and the original key as the record's key.
 * The worker and the aggregator's Streams handlers both use it, so every dead letter has one shape.
 *
 * <p>A value larger than {@link #MAX_VALUE_BYTES} (frame windows may reach megabytes, a timeline
 * may have been refused as too large) is left out of the envelope, and the reason says so: a dead
 * letter must always fit the producer's request size and the topic's message size, or it would fail
 * its transaction again and again. The origin coordinates still lead to the original record.
 */
public final class DeadLetterRecords {

  /** Largest original value copied into a dead letter: half of Kafka's default 1 MiB request. */
  public static final int MAX_VALUE_BYTES = 512 * 1024;

  /**
   * Where a failed record was read, and its bytes as read.
   *
   * @param topic topic it was read from
   * @param partition its partition
   * @param offset its offset
   * @param timestampMs its timestamp (epoch ms), -1 if unknown
   * @param key its key bytes, or null
   * @param value its value bytes, or null
   */
  public record Origin(
      String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value) {

    /** Refuses a missing topic. */
    public Origin {
      Objects.requireNonNull(topic, "topic");
    }

    /** The origin of a record a consumer read. */
    public static Origin of(ConsumerRecord<byte[], byte[]> record) {
      return new Origin(
          record.topic(),
          record.partition(),
          record.offset(),
          record.timestamp(),
          record.key(),
          record.value());
    }
  }

  private final String topic;
  private final String service;
  private final Serializer<DeadLetter> serializer;

  /**
   * Dead letters to {@code topic}, signed by {@code service}.
   *
   * @param serializer values of the dead-letter topic
   */
  public DeadLetterRecords(String topic, String service, Serializer<DeadLetter> serializer) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.service = Objects.requireNonNull(service, "service");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
  }

  /** The dead-letter topic. */
  public String topic() {
    return topic;
  }

  /**
   * The dead letter of {@code origin}'s record.
   *
   * @param stage where it failed, e.g. {@code worker.decode-jpeg}
   * @param reason one-line reason
   * @param error the exception, or null when there was none
   * @param failedAtMs wall-clock time of the failure (epoch ms)
   */
  public DeadLetter letter(
      Origin origin, String stage, String reason, Throwable error, long failedAtMs) {
    byte[] value = origin.value();
    if (value != null && value.length > MAX_VALUE_BYTES) {
      reason = reason + " (original value of " + value.length + " bytes not copied)";
      value = null;
    }
    return DeadLetter.newBuilder()
        .setOriginTopic(origin.topic())
        .setOriginPartition(origin.partition())
        .setOriginOffset(origin.offset())
        .setOriginTimestampMs(origin.timestampMs())
        .setKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setStage(stage)
        .setReason(reason)
        .setErrorClass(error == null ? null : error.getClass().getName())
        .setService(service)
        .setFailedAtMs(failedAtMs)
        .build();
  }

  /**
   * The record to produce for {@code origin}'s record: key = the original key, value = the
   * serialized {@link #letter}, headers = its {@link DeadLetterHeaders}.
   *
   * @throws RuntimeException what the serializer throws when the letter cannot be serialized
   */
  public ProducerRecord<byte[], byte[]> record(
      Origin origin, String stage, String reason, Throwable error, long failedAtMs) {
    DeadLetter letter = letter(origin, stage, reason, error, failedAtMs);
    Headers headers = DeadLetterHeaders.write(letter, new RecordHeaders());
    return new ProducerRecord<>(
        topic, null, origin.key(), serializer.serialize(topic, headers, letter), headers);
  }
}
