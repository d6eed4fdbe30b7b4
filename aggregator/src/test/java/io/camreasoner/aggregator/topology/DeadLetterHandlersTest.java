package io.camreasoner.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.aggregator.testing.PlainAvroSerde;
import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

  private static final Map<String, Object> CONFIG =
      Map.of(
          DeadLetterHandlers.TOPIC_CONFIG, "dlq",
          DeadLetterHandlers.SERIALIZER_CONFIG, PlainAvroSerde.of(DeadLetter.class).serializer(),
          DeadLetterHandlers.SERVICE_CONFIG, "aggregator-7");

  private static ErrorHandlerContext context(String topic, int partition, long offset) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "node";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, partition);
      }

      @Override
      public long timestamp() {
        return 1234L;
      }

      @Override
      public byte[] sourceRawKey() {
        return "k".getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] sourceRawValue() {
        return new byte[] {9};
      }
    };
  }

  private static DeadLetter letter(ProducerRecord<byte[], byte[]> r) {
    return PlainAvroSerde.of(DeadLetter.class).deserializer().deserialize("dlq", r.value());
  }

  @Test
  void shouldResumeWithDeadLetterNamingTheOriginWhenAValueCannotBeRead() {
    DeadLetterHandlers.Deserialization handler = new DeadLetterHandlers.Deserialization();
    handler.configure(CONFIG);
    ConsumerRecord<byte[], byte[]> bad =
        new ConsumerRecord<>(
            "motion", 3, 42L, "cam".getBytes(StandardCharsets.UTF_8), new byte[] {1});

    DeserializationExceptionHandler.Response response =
        handler.handleError(
            context("motion", 3, 42L), bad, new SerializationException("Length is negative"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
    assertThat(record.topic()).isEqualTo("dlq");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("cam");
    assertThat(DeadLetterHeaders.read(record.headers()))
        .isEqualTo(
            new DeadLetterHeaders(
                "motion", 3, 42L, "Length is negative", "aggregator.deserialize"));
    DeadLetter letter = letter(record);
    assertThat(letter.getOriginTopic()).isEqualTo("motion");
    assertThat(letter.getOriginPartition()).isEqualTo(3);
    assertThat(letter.getOriginOffset()).isEqualTo(42L);
    assertThat(letter.getOriginTimestampMs()).isEqualTo(1234L);
    assertThat(letter.getStage()).isEqualTo("aggregator.deserialize");
    assertThat(letter.getService()).isEqualTo("aggregator-7");
    assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
    assertThat(letter.getValue().array()).containsExactly(1);
  }

  @Test
  void shouldRetryRetriableSendErrorsAndDeadLetterTheOthers() {
    DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();
    handler.configure(CONFIG);
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>("timelines", new byte[] {5}, new byte[] {6});

    assertThat(
            handler
                .handleError(context("motion", 0, 1), out, new TimeoutException("slow"))
                .result())
        .isEqualTo(ProductionExceptionHandler.Result.RETRY);
    ProductionExceptionHandler.Response response =
        handler.handleError(
            context("motion", 0, 1),
            out,
            new org.apache.kafka.common.errors.RecordTooLargeException("too large"));
    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    DeadLetter letter = letter(response.deadLetterQueueRecords().get(0));
    assertThat(letter.getStage()).isEqualTo("aggregator.produce");
    assertThat(letter.getReason()).isEqualTo("too large");
    assertThat(letter.getValue().array()).containsExactly(6);
  }

  @Test
  void shouldLeaveOutATimelineTooLargeForTheDeadLetterTopicWhenItWasRefusedAsTooLarge() {
    DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();
    handler.configure(CONFIG);
    byte[] huge = new byte[DeadLetterRecords.MAX_VALUE_BYTES + 1];

    ProductionExceptionHandler.Response response =
        handler.handleError(
            context("motion", 2, 9),
            new ProducerRecord<>("timelines", new byte[] {5}, huge),
            new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

    ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
    DeadLetter letter = letter(record);
    assertThat(letter.getValue()).isNull();
    assertThat(letter.getReason())
        .isEqualTo("too large (original value of " + huge.length + " bytes not copied)");
    assertThat(DeadLetterHeaders.read(record.headers()).reason()).isEqualTo(letter.getReason());
    assertThat(record.key()).containsExactly(5);
  }

  @Test
  void shouldRefuseToStartWhenTheDlqIsNotConfigured() {
    DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();

    assertThatThrownBy(() -> handler.configure(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(DeadLetterHandlers.TOPIC_CONFIG);
  }
}
