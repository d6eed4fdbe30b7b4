package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.worker.testing.PlainAvro;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private final DeadLetters letters =
      new DeadLetters("dlq", "worker-7", PlainAvro.serializer(DeadLetter.class));

  private static DeadLetter read(ProducerRecord<byte[], byte[]> r) {
    return PlainAvro.deserializer(DeadLetter.class).deserialize("dlq", r.value());
  }

  @Test
  void shouldCarryOriginReasonAndOriginalBytes() {
    ConsumerRecord<byte[], byte[]> origin =
        new ConsumerRecord<>(
            "frames", 3, 42L, "cam".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});

    ProducerRecord<byte[], byte[]> r =
        letters.of(origin, DeadLetters.STAGE_DECODE, "bad jpeg", new IllegalStateException(), 5L);

    DeadLetter d = read(r);
    assertThat(r.topic()).isEqualTo("dlq");
    assertThat(r.key()).isEqualTo(origin.key());
    assertThat(d.getOriginTopic()).isEqualTo("frames");
    assertThat(d.getOriginPartition()).isEqualTo(3);
    assertThat(d.getOriginOffset()).isEqualTo(42L);
    assertThat(d.getValue().array()).containsExactly(1, 2);
    assertThat(d.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(d.getService()).isEqualTo("worker-7");
    assertThat(d.getFailedAtMs()).isEqualTo(5L);
    assertThat(
            new String(
                r.headers().lastHeader("dlq.origin.partition").value(), StandardCharsets.UTF_8))
        .isEqualTo("3");
  }

  @Test
  void shouldLeaveOutValuesTooLargeForTheDeadLetterTopic() {
    byte[] big = new byte[DeadLetters.MAX_VALUE_BYTES + 1];
    ConsumerRecord<byte[], byte[]> origin = new ConsumerRecord<>("frames", 0, 7L, null, big);

    DeadLetter d = read(letters.of(origin, DeadLetters.STAGE_REASON, "failed", null, 1L));

    assertThat(d.getValue()).isNull();
    assertThat(d.getReason())
        .isEqualTo("failed (original value of " + big.length + " bytes not copied)");
    assertThat(d.getOriginOffset()).isEqualTo(7L);
  }
}
