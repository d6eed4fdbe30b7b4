package io.camreasoner.worker.loop;

import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds dead-letter records: the {@link DeadLetter} envelope with the original key and value, and
 * the origin in headers ({@code dlq.origin.topic}, {@code dlq.origin.partition}, {@code
 * dlq.origin.offset}, {@code dlq.reason}, {@code dlq.stage}).
 *
 * <p>A value larger than {@link #MAX_VALUE_BYTES} (frame windows may reach megabytes) is left out
 * of the envelope, and the reason says so: a dead letter must always fit the producer's request
 * size and the topic's message size, or it would fail its transaction again and again. The origin
 * coordinates still lead to the original record.
 */
final class DeadLetters {

  static final String STAGE_DESERIALIZE = "worker.deserialize";
  static final String STAGE_DECODE = "worker.decode-jpeg";
  static final String STAGE_REASON = "worker.reason";

  /** Largest original value copied into a dead letter. */
  static final int MAX_VALUE_BYTES = 512 * 1024;

  private final String topic;
  private final String service;
  private final Serializer<DeadLetter> serializer;

  DeadLetters(String topic, String service, Serializer<DeadLetter> serializer) {
    this.topic = topic;
    this.service = service;
    this.serializer = serializer;
  }

  ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> origin,
      String stage,
      String reason,
      Throwable error,
      long nowMs) {
    byte[] value = origin.value();
    if (value != null && value.length > MAX_VALUE_BYTES) {
      reason = reason + " (original value of " + value.length + " bytes not copied)";
      value = null;
    }
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setOriginTopic(origin.topic())
            .setOriginPartition(origin.partition())
            .setOriginOffset(origin.offset())
            .setOriginTimestampMs(origin.timestamp())
            .setKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setStage(stage)
            .setReason(reason)
            .setErrorClass(error == null ? null : error.getClass().getName())
            .setService(service)
            .setFailedAtMs(nowMs)
            .build();
    RecordHeaders headers = new RecordHeaders();
    headers.add("dlq.origin.topic", utf8(origin.topic()));
    headers.add("dlq.origin.partition", utf8(Integer.toString(origin.partition())));
    headers.add("dlq.origin.offset", utf8(Long.toString(origin.offset())));
    headers.add("dlq.reason", utf8(reason));
    headers.add("dlq.stage", utf8(stage));
    return new ProducerRecord<>(
        topic, null, origin.key(), serializer.serialize(topic, headers, letter), headers);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
