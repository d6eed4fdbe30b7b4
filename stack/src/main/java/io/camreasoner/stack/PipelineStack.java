package io.camreasoner.stack;

import io.camreasoner.aggregator.AggregatorService;
import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.platform.kafka.EmbeddedKafkaBroker;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.lifecycle.Service;
import io.camreasoner.platform.lifecycle.ServiceRunner;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.InferenceWorker;
import io.camreasoner.worker.InferenceWorkerSettings;
import io.camreasoner.worker.config.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this process, as {@code analyze} and {@code up} run it: an embedded KRaft
 * broker and schema registry (unless external ones are given), the topics, the aggregator, one
 * inference worker and an ingest service publishing to the stack, each started by one {@link
 * ServiceRunner} and closed by it in reverse order. The working directory (broker data, state
 * stores) is either a given one that outlives the stack, so a later stack resumes from it, or a
 * temporary one deleted on close.
 */
public final class PipelineStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineStack.class);

  /**
   * How to run the stack.
   *
   * @param bootstrap external Kafka, or null for an embedded broker
   * @param registryUrl external registry, or null for the embedded one
   * @param backend reasoner backend of the worker
   * @param workerOptions extra worker options
   * @param ingest how the stack's ingest reads its inputs
   * @param partitions partitions of the pipeline topics
   * @param httpHost address of the aggregator's API and dashboard
   * @param httpPort port of the aggregator's API and dashboard (0 = free)
   * @param workDir durable working directory, or null for a temporary one
   * @param inProcessWorker false to leave the inference to workers running elsewhere
   * @param inProcessAggregator false to leave the timelines to the cluster's own aggregator (with
   *     an external cluster: a stack then only ingests and reads the timeline topic)
   * @param kafkaClient Kafka client properties (security.protocol, sasl.*, ssl.*) for every Kafka
   *     client of the stack, as {@code kafka.config-file} and {@code kafka.client.*} give them
   * @param registryAuth registry basic-auth {@code user:password}, or null/empty for none
   * @param httpAccess who may use the aggregator's query API and dashboard
   */
  public record Options(
      String bootstrap,
      String registryUrl,
      String backend,
      Map<String, String> workerOptions,
      StreamIngestor.Settings ingest,
      int partitions,
      String httpHost,
      int httpPort,
      Path workDir,
      boolean inProcessWorker,
      boolean inProcessAggregator,
      Map<String, String> kafkaClient,
      String registryAuth,
      HttpAccess httpAccess) {

    public Options {
      workerOptions = Map.copyOf(workerOptions);
      kafkaClient = Map.copyOf(kafkaClient);
      Objects.requireNonNull(httpAccess, "httpAccess");
      if (!inProcessAggregator && bootstrap == null) {
        throw new IllegalArgumentException(
            "the embedded broker has no aggregator but the stack's own");
      }
    }

    /**
     * The embedded stack as {@code analyze} runs it by default: embedded broker and registry, the
     * geometry backend, default ingest, the API on a free loopback port.
     *
     * @param workDir durable working directory, or null for a temporary one
     * @param inProcessWorker false to leave the inference to workers running elsewhere
     */
    public static Options embedded(Path workDir, int partitions, boolean inProcessWorker) {
      return new Options(
          null,
          null,
          "geometry",
          Map.of(),
          StreamIngestor.Settings.defaults(),
          partitions,
          "127.0.0.1",
          0,
          workDir,
          inProcessWorker,
          true,
          Map.of(),
          null,
          HttpAccess.OPEN);
    }

    /** These options with other ingest settings. */
    public Options withIngest(StreamIngestor.Settings settings) {
      return new Options(
          bootstrap,
          registryUrl,
          backend,
          workerOptions,
          settings,
          partitions,
          httpHost,
          httpPort,
          workDir,
          inProcessWorker,
          inProcessAggregator,
          kafkaClient,
          registryAuth,
          httpAccess);
    }
  }

  private final ServiceRunner runner = new ServiceRunner("stack");
  private final Path work;
  private final boolean temporary;
  private EmbeddedKafkaBroker broker;
  private AggregatorConfig aggregatorConfig;
  private String kafka;
  private Map<String, String> kafkaClient = Map.of();
  private String registry;
  private AvroSerdeConfig serdes;
  private AggregatorService aggregator;
  private InferenceWorker worker;
  private IngestService ingest;

  private PipelineStack(Path work, boolean temporary) {
    this.work = work;
    this.temporary = temporary;
  }

  /** Starts everything; on failure what was started is closed again. */
  public static PipelineStack start(Options o, MeterRegistry metrics) throws Exception {
    PipelineStack stack =
        o.workDir() == null
            ? new PipelineStack(Files.createTempDirectory("camreasoner-stack-"), true)
            : new PipelineStack(Files.createDirectories(o.workDir()), false);
    try {
      stack.startAll(o, metrics);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Options o, MeterRegistry metrics) throws Exception {
    long t0 = System.nanoTime();
    kafka = o.bootstrap();
    if (kafka == null) {
      NativeWarmup.start(); // loads while the broker's child JVM starts, instead of after it
      broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).build();
      runner.start(Service.of("kafka broker", broker::start, broker));
      kafka = broker.bootstrapServers();
    }
    kafkaClient = o.kafkaClient();
    registry = o.registryUrl();
    if (registry == null) {
      EmbeddedSchemaRegistry embedded =
          EmbeddedSchemaRegistry.builder()
              .kafka(kafka, Topics.SCHEMAS.name(), new LinkedHashMap<>(kafkaClient))
              .build();
      runner.start(Service.of("schema registry", embedded::start, embedded));
      registry = embedded.url();
    }
    Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClient);
    adminProps.put("bootstrap.servers", kafka);
    try (Admin admin = Admin.create(adminProps)) {
      KafkaTopics.ensure(
          admin,
          List.of(
              Topics.FRAME_WINDOWS.withPartitions(o.partitions()),
              Topics.MOTION_EVENTS.withPartitions(o.partitions()),
              Topics.SHOT_TIMELINES.withPartitions(o.partitions()),
              Topics.DLQ),
          (short)
              (o.bootstrap() == null
                  ? 1
                  : Math.min(3, admin.describeCluster().nodes().get().size())));
    }
    String auth = o.registryAuth() == null ? "" : o.registryAuth();
    serdes = AvroSerdeConfig.fromMap(ClusterSettings.registryClient(kafkaClient, registry, auth));
    LOG.info(
        "stack ready in {} ms: kafka {} registry {}",
        (System.nanoTime() - t0) / 1_000_000,
        kafka,
        registry);

    if (o.inProcessAggregator()) {
      Map<String, String> aggregatorProps = new LinkedHashMap<>(clientOptions());
      aggregatorProps.put(AggregatorSettings.BOOTSTRAP.name(), kafka);
      aggregatorProps.put(
          AggregatorSettings.STATE_DIR.name(), work.resolve("aggregator-state").toString());
      aggregatorProps.put(AggregatorSettings.HTTP_HOST.name(), o.httpHost());
      aggregatorProps.put(AggregatorSettings.HTTP_PORT.name(), String.valueOf(o.httpPort()));
      aggregatorProps.put(AggregatorSettings.IDLE_CLOSE.name(), "60s");
      // one aggregator instance per stack: static membership lets a restarted one (or a resumed
      // run's) take its tasks back at once instead of after a session timeout
      aggregatorProps.put(
          ClusterSettings.KAFKA_CLIENT_PREFIX
              + StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          "camreasoner-stack-aggregator");
      aggregatorConfig =
          AggregatorSettings.config(aggregatorProps, AggregatorSettings.serdes(serdes))
              .withHttpAccess(o.httpAccess());
      aggregator = runner.start(new AggregatorService(aggregatorConfig));
    }

    if (o.inProcessWorker()) {
      Map<String, String> workerProps = new LinkedHashMap<>(clientOptions());
      workerProps.put(ClusterSettings.BOOTSTRAP.name(), kafka);
      workerProps.put(ClusterSettings.REGISTRY_URL.name(), registry);
      if (!auth.isEmpty()) {
        workerProps.put(ClusterSettings.REGISTRY_AUTH.name(), auth);
      }
      workerProps.put(InferenceWorkerSettings.BACKEND.name(), o.backend());
      workerProps.putAll(o.workerOptions());
      worker =
          runner.start(
              InferenceWorker.create(WorkerConfig.parse(workerProps, System::getenv), serdes));
    }

    KafkaWindowSink sink =
        new KafkaWindowSink(kafka, Topics.FRAME_WINDOWS, serdes, new LinkedHashMap<>(kafkaClient));
    runner.start(Service.of("window producer", () -> {}, sink));
    ingest = runner.start(new IngestService(o.ingest(), sink, new IngestMetrics(metrics), 0));
  }

  /** The Kafka client properties as {@code kafka.client.*} options of a service. */
  private Map<String, String> clientOptions() {
    Map<String, String> out = new LinkedHashMap<>();
    kafkaClient.forEach((k, v) -> out.put(ClusterSettings.KAFKA_CLIENT_PREFIX + k, v));
    return out;
  }

  /**
   * The Kafka client properties every client of the stack uses (security), for other clients to
   * attach the same way (e.g. a {@link TimelineCollector}).
   */
  public Map<String, String> kafkaClient() {
    return kafkaClient;
  }

  /** Bootstrap servers of the stack's Kafka (embedded or external). */
  public String kafka() {
    return kafka;
  }

  /** URL of the stack's schema registry (embedded or external). */
  public String registry() {
    return registry;
  }

  /** The serdes' configuration over the stack's registry. */
  public AvroSerdeConfig serdes() {
    return serdes;
  }

  /**
   * The stack's aggregator (timelines, query API, dashboard), or null when the cluster's is used.
   */
  public AggregatorService aggregator() {
    return aggregator;
  }

  /**
   * The configuration the stack's aggregator runs with (its state directory, topics, HTTP), or null
   * when the cluster's aggregator is used.
   */
  public AggregatorConfig aggregatorConfig() {
    return aggregatorConfig;
  }

  /** The in-process worker, or null when inference runs elsewhere. */
  public InferenceWorker worker() {
    return worker;
  }

  /**
   * The producer identity of the in-process worker's events, or null when inference runs elsewhere
   * (then a timeline's latest producer is read).
   */
  public String producer() {
    return worker == null ? null : worker.producer();
  }

  /** The embedded broker, or null when an external cluster is used. */
  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /** The stack's ingest service: submit sources to it. */
  public IngestService ingest() {
    return ingest;
  }

  @Override
  public void close() {
    runner.close();
    if (!temporary) {
      return;
    }
    try {
      LocalFiles.deleteTree(work);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", work, e);
    }
  }
}
