package io.camreasoner.examples;

import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.registry.RegistryClientConfig;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * An example consumer for integrators: reads {@code camreasoner.shot-timelines} (or {@code
 * camreasoner.motion-events}) from a CamReasoner cluster ({@code camreasoner up} prints the
 * endpoints) through the schema registry, and prints one line per record. Values and keys are Avro
 * in the Confluent wire format; the {@code schemas} artifact's serdes fetch each writer schema from
 * the registry by id and resolve it to the generated classes, so records written by newer releases
 * (more fields) still read. With Confluent's own client, {@code KafkaAvroDeserializer} with {@code
 * specific.avro.reader=true} and these generated classes does the same.
 *
 * <pre>
 * java -jar java-consumer.jar --bootstrap HOST:PORT --registry http://HOST:PORT
 *     [--topic timelines|events] [--idle 30s] [--max N] [--basic-auth USER:PASSWORD]
 * </pre>
 *
 * It reads from the beginning ({@code read_committed}: only what the pipeline's transactions
 * committed) and exits after {@code --max} records or once nothing arrived for {@code --idle}
 * (default: run until killed).
 */
public final class TimelineConsumer {

  /**
   * What to read and when to stop.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param registry schema registry URL
   * @param basicAuth registry {@code user:password}, or null
   * @param topic {@code timelines} or {@code events}
   * @param max stop after this many records (0 = no limit)
   * @param idle stop once nothing arrived for this long (null = never)
   */
  public record Options(
      String bootstrap, String registry, String basicAuth, String topic, long max, Duration idle) {}

  private TimelineConsumer() {}

  public static void main(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("java-consumer: " + e.getMessage());
      System.err.println(
          "usage: java -jar java-consumer.jar --bootstrap HOST:PORT --registry URL"
              + " [--topic timelines|events] [--idle 30s] [--max N] [--basic-auth USER:PASSWORD]");
      System.exit(2);
      return;
    }
    consume(o, System.out);
  }

  /** The options of a command line. */
  static Options parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        m.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        m.put(a.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value");
      }
    }
    String bootstrap = m.remove("bootstrap");
    String registry = m.remove("registry");
    if (bootstrap == null || registry == null) {
      throw new IllegalArgumentException("--bootstrap and --registry are required");
    }
    String topic = m.getOrDefault("topic", "timelines");
    m.remove("topic");
    if (!topic.equals("timelines") && !topic.equals("events")) {
      throw new IllegalArgumentException("--topic is timelines or events, not '" + topic + "'");
    }
    long max = Long.parseLong(m.getOrDefault("max", "0"));
    m.remove("max");
    String idle = m.remove("idle");
    String auth = m.remove("basic-auth");
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + m.keySet());
    }
    return new Options(bootstrap, registry, auth, topic, max, idle == null ? null : duration(idle));
  }

  private static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }

  /** Reads and prints records until a stop condition; returns how many were printed. */
  public static long consume(Options o, PrintStream out) {
    RegistryClientConfig registry = RegistryClientConfig.of(o.registry());
    if (o.basicAuth() != null && !o.basicAuth().isEmpty()) {
      registry = registry.withBasicAuth(o.basicAuth());
    }
    AvroSerdeConfig serdes = AvroSerdeConfig.of(new RestSchemaRegistryClient(registry));
    return o.topic().equals("events")
        ? consume(o, Topics.MOTION_EVENTS, serdes, TimelineConsumer::eventLine, out)
        : consume(o, Topics.SHOT_TIMELINES, serdes, TimelineConsumer::timelineLine, out);
  }

  private static <K, V> long consume(
      Options o,
      Topic<K, V> topic,
      AvroSerdeConfig serdes,
      Function<V, String> line,
      PrintStream out) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "camreasoner-example-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long printed = 0;
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(
            props,
            topic.keySerde(serdes).deserializer(),
            topic.valueSerde(serdes).deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long lastRecord = System.nanoTime();
      while (true) {
        for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(500))) {
          lastRecord = System.nanoTime();
          if (r.value() == null) {
            continue; // a tombstone
          }
          out.println(line.apply(r.value()));
          printed++;
          if (o.max() > 0 && printed >= o.max()) {
            return printed;
          }
        }
        out.flush();
        if (o.idle() != null && System.nanoTime() - lastRecord > o.idle().toNanos()) {
          return printed;
        }
      }
    }
  }

  /**
   * One timeline update: {@code cam-1 session 0 geometry@2#ab12 shot 1 closed 4.00-8.00 s:
   * 4.00-6.00 pan-left 0.93 | 6.00-8.00 static 0.99}.
   */
  static String timelineLine(ShotTimeline t) {
    List<String> segments = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      String what =
          s.getLabels().isEmpty()
              ? (s.getGap() != null ? "(gap: " + s.getGap() + ")" : "(" + s.getAnswer() + ")")
              : String.join("+", s.getLabels());
      segments.add(
          String.format(
              Locale.ROOT,
              "%.2f-%.2f %s %.2f",
              s.getStartSec(),
              s.getEndSec(),
              what,
              s.getConfidence()));
    }
    return String.format(
        Locale.ROOT,
        "%s session %d %s shot %d %s %.2f-%.2f s: %s",
        t.getStreamId(),
        t.getSession(),
        t.getProducer(),
        t.getShotIndex(),
        t.getStatus().name().toLowerCase(Locale.ROOT),
        t.getStartSec(),
        t.getEndSec(),
        String.join(" | ", segments));
  }

  /** One motion event: {@code cam-1 window 7 shot 1 frames 100-115: pan-left 0.93 (producer)}. */
  static String eventLine(MotionEvent e) {
    if (e.getEndOfStream()) {
      return e.getStreamId() + " end of stream" + (e.getError() == null ? "" : ": " + e.getError());
    }
    double confidence =
        e.getLabels().stream().mapToDouble(l -> e.getScores().getOrDefault(l, 0.0)).min().orElse(0);
    return String.format(
        Locale.ROOT,
        "%s window %d shot %d frames %d-%d: %s %.2f (%s)",
        e.getStreamId(),
        e.getWindowSeq(),
        e.getShotIndex(),
        e.getFirstFrame(),
        e.getLastFrame(),
        e.getFailure() != null
            ? "(failed: " + e.getFailure() + ")"
            : String.join("+", e.getLabels()),
        confidence,
        e.getProducer());
  }
}
