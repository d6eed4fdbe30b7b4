package io.camreasoner.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteTheFiveDlqHeadersOfALetterUnderTheirContractNames() {
    DeadLetter letter = SampleRecords.deadLetter();

    Headers headers = DeadLetterHeaders.write(letter, new RecordHeaders());

    assertThat(Arrays.stream(headers.toArray()).map(Header::key))
        .containsExactly(
            "dlq.origin.topic",
            "dlq.origin.partition",
            "dlq.origin.offset",
            "dlq.reason",
            "dlq.stage");
    assertThat(text(headers, "dlq.origin.topic")).isEqualTo("camreasoner.frame-windows");
    assertThat(text(headers, "dlq.origin.partition")).isEqualTo("3");
    assertThat(text(headers, "dlq.origin.offset")).isEqualTo("42");
    assertThat(text(headers, "dlq.reason")).isEqualTo("frame 112 is not a JPEG");
    assertThat(text(headers, "dlq.stage")).isEqualTo("worker.decode-jpeg");
  }

  @Test
  void shouldReadBackWhatWasWrittenWhenTheHeadersRoundTrip() {
    DeadLetterHeaders written =
        new DeadLetterHeaders(
            "camreasoner.motion-events", 11, 9_000_000_000L, "bad – ünïcode", "x");

    DeadLetterHeaders read = DeadLetterHeaders.read(written.addTo(new RecordHeaders()));

    assertThat(read).isEqualTo(written);
    assertThat(
            DeadLetterHeaders.read(
                DeadLetterHeaders.write(SampleRecords.deadLetter(), new RecordHeaders())))
        .isEqualTo(
            new DeadLetterHeaders(
                "camreasoner.frame-windows",
                3,
                42L,
                "frame 112 is not a JPEG",
                "worker.decode-jpeg"));
  }

  @Test
  void shouldReadTheLastValueAndNoStageWhenALetterHasNoStageHeader() {
    Headers headers = new DeadLetterHeaders("t", 0, 1L, "old", null).addTo(new RecordHeaders());
    headers.add(DeadLetterHeaders.REASON, "newer".getBytes(StandardCharsets.UTF_8));

    assertThat(headers.lastHeader("dlq.stage")).isNull();
    assertThat(DeadLetterHeaders.read(headers))
        .isEqualTo(new DeadLetterHeaders("t", 0, 1L, "newer", null));
  }

  @Test
  void shouldNameTheHeaderWhenOneIsMissingOrNotANumber() {
    Headers noOffset = new RecordHeaders();
    noOffset.add("dlq.origin.topic", "t".getBytes(StandardCharsets.UTF_8));
    noOffset.add("dlq.origin.partition", "2".getBytes(StandardCharsets.UTF_8));
    noOffset.add("dlq.reason", "r".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> DeadLetterHeaders.read(noOffset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dead-letter header dlq.origin.offset is missing");
    noOffset.add("dlq.origin.offset", "forty-two".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> DeadLetterHeaders.read(noOffset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dead-letter header dlq.origin.offset is not a number: 'forty-two'");
  }
}
