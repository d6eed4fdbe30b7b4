package io.camreasoner.aggregator.topology;

import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the aggregator decides what happens to a record it cannot read, process or write: one log
 * line with topic/partition/offset and the reason, a {@link DeadLetter} made by {@link
 * DeadLetterRecords} (origin in the value and in the {@link DeadLetterHeaders}) produced to the DLQ
 * topic within the same transaction, and processing resumes — one bad record never stops the
 * application. Only retriable production errors are retried. Configured by {@link
 * AggregatorTopology#streamsProperties}.
 */
public final class DeadLetterHandlers {

  /** Streams property: the DLQ topic name. */
  public static final String TOPIC_CONFIG = "camreasoner.dlq.topic";

  /** Streams property: the {@code Serializer<DeadLetter>} instance. */
  public static final String SERIALIZER_CONFIG = "camreasoner.dlq.serializer";

  /** Streams property: the instance name written into dead letters. */
  public static final String SERVICE_CONFIG = "camreasoner.dlq.service";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  /** What the three handlers share: the router, made from the Streams properties. */
  abstract static class Routing implements Configurable {
    Router router;

    @Override
    public void configure(Map<String, ?> configs) {
      router = Router.from(configs);
    }
  }

  /** Routes records whose key or value cannot be deserialized. */
  public static final class Deserialization extends Routing
      implements DeserializationExceptionHandler {
    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      return Response.resume(
          router.route(context, "aggregator.deserialize", exception, record.key(), record.value()));
    }
  }

  /** Routes records whose processing threw. */
  public static final class Processing extends Routing implements ProcessingExceptionHandler {
    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      return Response.resume(
          router.route(
              context,
              "aggregator.process",
              exception,
              context.sourceRawKey(),
              context.sourceRawValue()));
    }
  }

  /** Routes timelines that cannot be serialized or sent; retries retriable send errors. */
  public static final class Production extends Routing implements ProductionExceptionHandler {
    @Override
    public Response handleError(
        ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
      if (exception instanceof RetriableException) {
        return Response.retry();
      }
      return Response.resume(
          router.route(context, "aggregator.produce", exception, record.key(), record.value()));
    }

    @Override
    public Response handleSerializationError(
        ErrorHandlerContext context,
        ProducerRecord record,
        Exception exception,
        SerializationExceptionOrigin origin) {
      return Response.resume(
          router.route(
              context,
              "aggregator.serialize-" + origin.name().toLowerCase(Locale.ROOT),
              exception,
              context.sourceRawKey(),
              context.sourceRawValue()));
    }
  }

  /** Makes the dead-letter record and logs the one line. */
  static final class Router {
    private final DeadLetterRecords letters;

    Router(DeadLetterRecords letters) {
      this.letters = letters;
    }

    @SuppressWarnings("unchecked")
    static Router from(Map<String, ?> configs) {
      Object topic = configs.get(TOPIC_CONFIG);
      Object serializer = configs.get(SERIALIZER_CONFIG);
      Object service = configs.get(SERVICE_CONFIG);
      if (!(topic instanceof String) || !(serializer instanceof Serializer)) {
        throw new IllegalStateException(
            "dead-letter handler needs "
                + TOPIC_CONFIG
                + " (topic name) and "
                + SERIALIZER_CONFIG
                + " (Serializer<DeadLetter>) in the Streams properties");
      }
      return new Router(
          new DeadLetterRecords(
              (String) topic,
              service instanceof String s ? s : AggregatorConfig.SERVICE_NAME,
              (Serializer<DeadLetter>) serializer));
    }

    List<ProducerRecord<byte[], byte[]>> route(
        ErrorHandlerContext ctx, String stage, Exception exception, byte[] key, byte[] value) {
      String reason = oneLine(exception);
      LOG.warn(
          "{}: record {}-{}@{} sent to {}: {}",
          stage,
          ctx.topic(),
          ctx.partition(),
          ctx.offset(),
          letters.topic(),
          reason);
      DeadLetterRecords.Origin origin =
          new DeadLetterRecords.Origin(
              ctx.topic() == null ? "" : ctx.topic(),
              ctx.partition(),
              ctx.offset(),
              ctx.timestamp(),
              key,
              value);
      try {
        return List.of(
            letters.record(origin, stage, reason, exception, System.currentTimeMillis()));
      } catch (RuntimeException e) {
        LOG.error(
            "{}: record {}-{}@{} could not be written to {} either ({}); skipped",
            stage,
            ctx.topic(),
            ctx.partition(),
            ctx.offset(),
            letters.topic(),
            oneLine(e));
        return List.of();
      }
    }

    private static String oneLine(Throwable e) {
      StringBuilder sb = new StringBuilder();
      Throwable t = e;
      while (t != null && sb.length() < 500) {
        if (sb.length() > 0) {
          sb.append(" <- ");
        }
        sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        t = t.getCause() == t ? null : t.getCause();
      }
      return sb.toString().replace('\n', ' ');
    }
  }
}
