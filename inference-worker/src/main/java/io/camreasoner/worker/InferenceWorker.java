package io.camreasoner.worker;

import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.config.BackendFactories;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.loop.WorkerService;
import io.camreasoner.worker.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inference-worker service as the launcher runs it: the {@link WorkerService} over the
 * configured backend plus the health and Prometheus endpoints. {@link #start()}, then {@link
 * #close()} (from a shutdown hook) finishes or aborts the open transaction and releases everything.
 */
public final class InferenceWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);

  private final WorkerConfig config;
  private final BackendFactory backends;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WorkerService service;
  private OpsServer ops;

  /**
   * @param backends the factory {@code reasoner.backend} names (see {@code BackendFactories});
   *     closed with the worker
   * @param kafkaOverrides extra Kafka client properties (security, sizes)
   */
  public InferenceWorker(
      WorkerConfig config,
      BackendFactory backends,
      Deserializer<FrameWindow> windows,
      Serializer<MotionEvent> events,
      Serializer<DeadLetter> deadLetters,
      Map<String, Object> kafkaOverrides) {
    this.config = config;
    this.backends = backends;
    this.service =
        new WorkerService(
            config.workerSettings(),
            backends,
            windows,
            events,
            deadLetters,
            registry,
            kafkaOverrides);
  }

  /**
   * The worker as production runs it: the backend {@code reasoner.backend} names (geometry by
   * default) and the Confluent-format Avro serdes of the topic registry.
   *
   * @param serdes the schema registry the serdes use
   * @param kafkaOverrides extra Kafka client properties (security, sizes)
   */
  public static InferenceWorker create(
      WorkerConfig config, AvroSerdeConfig serdes, Map<String, Object> kafkaOverrides) {
    return new InferenceWorker(
        config,
        BackendFactories.create(config),
        Topics.FRAME_WINDOWS.valueSerde(serdes).deserializer(),
        Topics.MOTION_EVENTS.valueSerde(serdes).serializer(),
        Topics.DLQ.valueSerde(serdes).serializer(),
        kafkaOverrides);
  }

  /** Starts consuming and, unless {@code ops.port} is -1, the ops endpoints. */
  public void start() {
    service.start();
    if (config.opsPort() >= 0) {
      try {
        ops = new OpsServer(config.opsPort(), service::healthy, registry);
        LOG.info("worker ops endpoints on http://0.0.0.0:{}/health and /metrics", ops.port());
      } catch (IOException e) {
        service.close();
        throw new UncheckedIOException("cannot serve ops.port " + config.opsPort(), e);
      }
    }
  }

  /** The running service (health, metrics). */
  public WorkerService service() {
    return service;
  }

  /** The worker's meters (all named {@code camreasoner.worker.*}), e.g. for a shared scrape. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Port of the ops endpoints, or -1 when off. */
  public int opsPort() {
    return ops == null ? -1 : ops.port();
  }

  /** Waits until the service stopped (closed or failed). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return service.awaitStopped(timeout);
  }

  @Override
  public void close() {
    service.close();
    if (ops != null) {
      ops.close();
    }
    backends.close();
    registry.close();
  }
}
