package io.camreasoner.worker.testing;

import io.camreasoner.platform.kafka.EmbeddedKafkaBroker;
import io.camreasoner.platform.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/**
 * The integration tests' Kafka broker: the platform's {@link EmbeddedKafkaBroker} (single-node
 * KRaft in a child JVM) plus what these tests need around it: topic creation that waits for
 * partition leaders, and child JVMs on the test classpath for worker processes.
 */
public final class KraftBroker implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;

  private KraftBroker(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  /** Starts a broker with its data under {@code dir}; returns once it answers. */
  public static KraftBroker start(Path dir) throws IOException {
    Path data = java.nio.file.Files.createDirectories(dir.resolve("kafka"));
    return new KraftBroker(
        EmbeddedKafkaBroker.builder()
            .dataDir(data)
            .startTimeout(Duration.ofSeconds(90))
            .build()
            .start());
  }

  /** Starts a JVM on the test classpath running {@code main} with {@code args}. */
  public static Process java(Path dir, String logName, String main, String... args)
      throws IOException {
    return java(dir, logName, List.of(), main, args);
  }

  /** Starts a JVM on the test classpath with extra JVM options. */
  public static Process java(
      Path dir, String logName, List<String> jvmOptions, String main, String... args)
      throws IOException {
    return ChildJvm.start(dir, logName, jvmOptions, main, args);
  }

  /** {@code host:port} of the broker. */
  public String bootstrap() {
    return broker.bootstrapServers();
  }

  /** An admin client (caller closes it). */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  /**
   * Creates topics with the given partition counts and returns once every partition has a leader
   * (producing earlier races the leader election and can leave an idempotent producer retrying).
   */
  public void createTopics(Map<String, Integer> partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              partitions.entrySet().stream()
                  .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);
      Awaitility.await("leaders of " + partitions.keySet())
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () ->
                  admin
                      .describeTopics(partitions.keySet())
                      .allTopicNames()
                      .get(5, TimeUnit.SECONDS)
                      .values()
                      .stream()
                      .allMatch(
                          d ->
                              d.partitions().size() == partitions.get(d.name())
                                  && d.partitions().stream()
                                      .allMatch(p -> p.leader() != null && p.leader().id() >= 0)));
    } catch (Exception e) {
      throw new IllegalStateException("creating topics " + partitions.keySet() + " failed", e);
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}
