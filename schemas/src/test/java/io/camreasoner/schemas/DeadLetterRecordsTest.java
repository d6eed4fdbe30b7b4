package io.camreasoner.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

  /** Avro single-object encoding: enough to read the letter back without a registry. */
  private static final Serializer<DeadLetter> AVRO =
      (topic, letter) -> {
        try {
          ByteBuffer b = letter.toByteBuffer();
          byte[] out = new byte[b.remaining()];
          b.get(out);
          return out;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };

  private final DeadLetterRecords records = new DeadLetterRecords("dlq", "worker-7", AVRO);

  private static DeadLetter read(ProducerRecord<byte[], byte[]> r) throws Exception {
    return DeadLetter.fromByteBuffer(ByteBuffer.wrap(r.value()));
  }

  @Test
  void shouldCarryOriginFailureAndOriginalBytesInValueKeyAndHeaders() throws Exception {
    ConsumerRecord<byte[], byte[]> origin =
        new ConsumerRecord<>(
            "frames", 3, 42L, "cam".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});

    ProducerRecord<byte[], byte[]> r =
        records.record(
            DeadLetterRecords.Origin.of(origin),
            "worker.decode-jpeg",
            "bad jpeg",
            new IllegalStateException(),
            5L);

    assertThat(r.topic()).isEqualTo("dlq");
    assertThat(r.key()).isEqualTo(origin.key());
    DeadLetter d = read(r);
    assertThat(d.getOriginTopic()).isEqualTo("frames");
    assertThat(d.getOriginPartition()).isEqualTo(3);
    assertThat(d.getOriginOffset()).isEqualTo(42L);
    assertThat(d.getOriginTimestampMs()).isEqualTo(origin.timestamp());
    assertThat(d.getKey()).isEqualTo(ByteBuffer.wrap(origin.key()));
    assertThat(d.getValue().array()).containsExactly(1, 2);
    assertThat(d.getStage()).isEqualTo("worker.decode-jpeg");
    assertThat(d.getReason()).isEqualTo("bad jpeg");
    assertThat(d.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(d.getService()).isEqualTo("worker-7");
    assertThat(d.getFailedAtMs()).isEqualTo(5L);
    assertThat(DeadLetterHeaders.read(r.headers()))
        .isEqualTo(new DeadLetterHeaders("frames", 3, 42L, "bad jpeg", "worker.decode-jpeg"));
  }

  @Test
  void shouldLeaveOutValuesTooLargeForTheDeadLetterTopicAndSaySo() throws Exception {
    byte[] big = new byte[DeadLetterRecords.MAX_VALUE_BYTES + 1];
    DeadLetterRecords.Origin origin = new DeadLetterRecords.Origin("frames", 0, 7L, -1L, null, big);

    ProducerRecord<byte[], byte[]> r = records.record(origin, "worker.reason", "failed", null, 1L);

    DeadLetter d = read(r);
    String reason = "failed (original value of " + big.length + " bytes not copied)";
    assertThat(d.getValue()).isNull();
    assertThat(d.getKey()).isNull();
    assertThat(d.getErrorClass()).isNull();
    assertThat(d.getReason()).isEqualTo(reason);
    assertThat(d.getOriginOffset()).isEqualTo(7L);
    assertThat(r.key()).isNull();
    assertThat(DeadLetterHeaders.read(r.headers()).reason()).isEqualTo(reason);
  }

  @Test
  void shouldCopyAValueOfExactlyTheLimit() throws Exception {
    byte[] limit = new byte[DeadLetterRecords.MAX_VALUE_BYTES];
    limit[limit.length - 1] = 7;

    DeadLetter d =
        records.letter(
            new DeadLetterRecords.Origin("frames", 0, 0L, -1L, null, limit), "s", "r", null, 1L);

    assertThat(d.getValue().remaining()).isEqualTo(DeadLetterRecords.MAX_VALUE_BYTES);
    assertThat(d.getValue().get(limit.length - 1)).isEqualTo((byte) 7);
    assertThat(d.getReason()).isEqualTo("r");
  }
}
