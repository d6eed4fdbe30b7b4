package io.camreasoner.worker;

import io.camreasoner.platform.lifecycle.Service;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.config.BackendFactories;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.loop.WorkerService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One inference-worker service: the {@link WorkerService} over the configured backend, with its
 * meters in a registry of its own (for the ops server's scrape). A {@link Service}: a {@link
 * io.camreasoner.platform.lifecycle.ServiceRunner} starts it, and {@link #close()} (from the
 * runner's shutdown hook) finishes or aborts the open transaction and releases the backend.
 */
public final class InferenceWorker implements Service {

  private final BackendFactory backends;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WorkerService service;

  /**
   * @param backends the factory {@code reasoner.backend} names (see {@code BackendFactories});
   *     closed with the worker
   */
  public InferenceWorker(
      WorkerConfig config,
      BackendFactory backends,
      Deserializer<FrameWindow> windows,
      Serializer<MotionEvent> events,
      Serializer<DeadLetter> deadLetters) {
    this.backends = backends;
    this.service =
        new WorkerService(
            config.workerSettings(),
            backends,
            windows,
            events,
            deadLetters,
            registry,
            config.kafkaClient());
  }

  /**
   * The worker as production runs it: the backend {@code reasoner.backend} names (geometry by
   * default) and the Confluent-format Avro serdes of the topic registry.
   *
   * @param serdes the schema registry the serdes use
   */
  public static InferenceWorker create(WorkerConfig config, AvroSerdeConfig serdes) {
    return new InferenceWorker(
        config,
        BackendFactories.create(config),
        Topics.FRAME_WINDOWS.valueSerde(serdes).deserializer(),
        Topics.MOTION_EVENTS.valueSerde(serdes).serializer(),
        Topics.DLQ.valueSerde(serdes).serializer());
  }

  /**
   * The worker with the serdes of its own configuration ({@code schema.registry.*}, {@code
   * serde.*}).
   */
  public static InferenceWorker create(WorkerConfig config) {
    return create(config, AvroSerdeConfig.fromMap(config.serdeProperties()));
  }

  @Override
  public String name() {
    return "inference worker";
  }

  /** Starts consuming. */
  @Override
  public void start() {
    service.start();
  }

  @Override
  public boolean healthy() {
    return service.healthy();
  }

  /** The producer identity its events carry (see {@code MotionEvent.producer}); once started. */
  public String producer() {
    return service.producer();
  }

  /** The running service (health, failure, metrics). */
  public WorkerService service() {
    return service;
  }

  /** The worker's meters (all named {@code camreasoner.worker.*}), e.g. for a shared scrape. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Waits until the service stopped (closed or failed). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return service.awaitStopped(timeout);
  }

  @Override
  public void close() {
    service.close();
    backends.close();
    registry.close();
  }
}
