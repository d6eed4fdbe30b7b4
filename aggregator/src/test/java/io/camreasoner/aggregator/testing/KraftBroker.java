package io.camreasoner.aggregator.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/**
 * A single-node KRaft Kafka broker in a child JVM for integration tests ({@code kafka.Kafka} after
 * {@code StorageTool format --standalone}), on the test's own classpath. Stands in for the platform
 * module's embedded broker until it lands; a child JVM keeps the broker's threads and logging out
 * of the test JVM.
 */
public final class KraftBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Process process;

  private KraftBroker(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Formats a log directory under {@code dir} and starts a broker; returns once it answers. */
  public static KraftBroker start(Path dir) throws IOException, InterruptedException {
    int port = freePort();
    int controllerPort = freePort();
    Path logs = dir.resolve("kraft-logs");
    Files.createDirectories(logs);
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("log.dirs", logs.toString()),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.partitions", "1"),
            Map.entry("log.flush.interval.messages", "1")));
    Path config = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "test broker");
    }
    String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    Process format =
        java(
            dir,
            "format.log",
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId,
            "-c",
            config.toString(),
            "--standalone");
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting the test broker failed: " + Files.readString(dir.resolve("format.log")));
    }
    Process broker = java(dir, "broker.log", "kafka.Kafka", config.toString());
    KraftBroker b = new KraftBroker(dir, port, broker);
    try (Admin admin = b.admin()) {
      Awaitility.await("broker on port " + port)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                if (!broker.isAlive()) {
                  throw new IllegalStateException(
                      "test broker died: " + Files.readString(dir.resolve("broker.log")));
                }
                return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
              });
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** Starts a JVM on the test classpath running {@code main} with {@code args}. */
  public static Process java(Path dir, String logName, String main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.io.tmpdir=" + dir);
    cmd.add("-cp");
    cmd.add(testClassPath());
    cmd.add(main);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(logName).toFile())
        .start();
  }

  /** The classpath of the running tests (surefire and failsafe use a manifest-only jar). */
  public static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** {@code host:port} of the broker. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** An admin client (caller closes it). */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  /** Creates topics with the given partition counts. */
  public void createTopics(Map<String, Integer> partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              partitions.entrySet().stream()
                  .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("creating topics " + partitions.keySet() + " failed", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's working directory. */
  public File dir() {
    return dir.toFile();
  }
}
