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
 */
final class DeadLetters {

  static final String STAGE_DESERIALIZE = "worker.deserialize";
  static final String STAGE_DECODE = "worker.decode-jpeg";
  static final String STAGE_REASON = "worker.reason";

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
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setOriginTopic(origin.topic())
            .setOriginPartition(origin.partition())
            .setOriginOffset(origin.offset())
            .setOriginTimestampMs(origin.timestamp())
            .setKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
            .setValue(origin.value() == null ? null : ByteBuffer.wrap(origin.value()))
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
