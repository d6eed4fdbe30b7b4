package io.camreasoner.schemas;

import io.camreasoner.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@code dlq.*} headers of a dead-letter record: the failed record's origin, the reason and the
 * stage, repeated from the {@link DeadLetter} value so that tools (kcat, consoles, log shippers)
 * can route and read dead letters without decoding Avro. The one place that spells the header
 * names: every dead-letter writer adds {@link #write}'s headers and every reader parses them with
 * {@link #read}. Values are UTF-8 text, numbers in decimal.
 *
 * @param originTopic topic the failed record was read from
 * @param originPartition its partition
 * @param originOffset its offset
 * @param reason one-line reason
 * @param stage where it failed, e.g. {@code worker.decode-jpeg}; null when a dead letter has no
 *     {@value #STAGE} header (the aggregator wrote none before this type existed)
 */
public record DeadLetterHeaders(
    String originTopic, int originPartition, long originOffset, String reason, String stage) {

  /** Header: topic the failed record was read from. */
  public static final String ORIGIN_TOPIC = "dlq.origin.topic";

  /** Header: partition of the failed record. */
  public static final String ORIGIN_PARTITION = "dlq.origin.partition";

  /** Header: offset of the failed record. */
  public static final String ORIGIN_OFFSET = "dlq.origin.offset";

  /** Header: one-line reason. */
  public static final String REASON = "dlq.reason";

  /** Header: where it failed. */
  public static final String STAGE = "dlq.stage";

  /** Refuses a missing topic or reason. */
  public DeadLetterHeaders {
    Objects.requireNonNull(originTopic, "originTopic");
    Objects.requireNonNull(reason, "reason");
  }

  /** The headers that belong to {@code letter}. */
  public static DeadLetterHeaders of(DeadLetter letter) {
    return new DeadLetterHeaders(
        letter.getOriginTopic(),
        letter.getOriginPartition(),
        letter.getOriginOffset(),
        letter.getReason(),
        letter.getStage());
  }

  /** Adds the headers of {@code letter} to {@code headers} and returns them. */
  public static Headers write(DeadLetter letter, Headers headers) {
    return of(letter).addTo(headers);
  }

  /** Adds these headers to {@code headers} (the stage only when known) and returns them. */
  public Headers addTo(Headers headers) {
    headers.add(ORIGIN_TOPIC, utf8(originTopic));
    headers.add(ORIGIN_PARTITION, utf8(Integer.toString(originPartition)));
    headers.add(ORIGIN_OFFSET, utf8(Long.toString(originOffset)));
    headers.add(REASON, utf8(reason));
    if (stage != null) {
      headers.add(STAGE, utf8(stage));
    }
    return headers;
  }

  /**
   * The dead-letter headers of a record read from the dead-letter topic (the last value of each).
   *
   * @throws IllegalArgumentException naming a header that is missing or not a number
   */
  public static DeadLetterHeaders read(Headers headers) {
    return new DeadLetterHeaders(
        required(headers, ORIGIN_TOPIC),
        number(headers, ORIGIN_PARTITION, Integer::parseInt),
        number(headers, ORIGIN_OFFSET, Long::parseLong),
        required(headers, REASON),
        text(headers, STAGE));
  }

  private static <N extends Number> N number(
      Headers headers, String name, Function<String, N> parse) {
    String text = required(headers, name);
    try {
      return parse.apply(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "dead-letter header " + name + " is not a number: '" + text + "'");
    }
  }

  private static String required(Headers headers, String name) {
    String text = text(headers, name);
    if (text == null) {
      throw new IllegalArgumentException("dead-letter header " + name + " is missing");
    }
    return text;
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
