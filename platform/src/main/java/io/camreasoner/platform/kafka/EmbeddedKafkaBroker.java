package io.camreasoner.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) in a child JVM on free loopback
 * ports, for the one-command mode and every integration test. Being a separate process it keeps
 * Kafka's threads and logging out of the caller, and it can be stopped, SIGKILLed ({@link #kill()})
 * and restarted on the same data directory and ports ({@link #restart()}) for fault tests. The
 * child dies with its parent.
 *
 * <p>Single-node settings: replication factor 1 for the offsets and transaction-state topics with
 * {@code transaction.state.log.min.isr=1} (transactions work), {@code
 * group.initial.rebalance.delay.ms=0} (groups form at once), {@code
 * auto.create.topics.enable=false} (topics come from the topic registry), and {@value
 * #MAX_MESSAGE_BYTES}-byte messages (frame windows are large). The broker log goes to {@code
 * broker.log} in the data directory. Several of them form a replicated cluster as {@link
 * EmbeddedKafkaCluster}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /**
   * How often start-up tries the new broker's client port. Each try holds an ephemeral local port
   * for a moment; brokers' own ports are drawn below that range ({@link ListenerPorts}), which is
   * what keeps a try from taking a port a broker has yet to bind (at 20 ms with kernel-chosen ports
   * a 3-broker cluster's controller once failed to bind, PipelineFaultIT). 100 ms costs at most 0.1
   * s of start-up.
   */
  private static final Duration PORT_POLL = Duration.ofMillis(100);

  /** Largest message the embedded broker accepts. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final Map<String, String> extraProperties;
  private final Duration startTimeout;
  private final String heap;
  private final Membership membership;
  private final BrokerSecurity security;
  private final BrokerClassArchive classArchive = BrokerClassArchive.fromSystemProperty();
  private int port;
  private int controllerPort;
  private String clusterId;
  private Process process;

  private EmbeddedKafkaBroker(Builder b) {
    try {
      this.deleteOnClose = b.dataDir == null;
      this.dataDir =
          b.dataDir != null ? b.dataDir : Files.createTempDirectory("camreasoner-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for the embedded broker", e);
    }
    this.extraProperties = Map.copyOf(b.properties);
    this.startTimeout = b.startTimeout;
    this.heap = b.heap;
    this.membership = b.membership;
    this.security = b.security;
  }

  /**
   * A node of a multi-node cluster ({@link EmbeddedKafkaCluster}): its id, its ports and the static
   * controller quorum of all nodes.
   */
  record Membership(int nodeId, int port, int controllerPort, String clusterId, String voters) {}

  /** Starts building a broker. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the broker (formatting its storage on first start) and returns once an admin client sees
   * it.
   *
   * @throws IllegalStateException with the tail of the broker log when it does not come up in time
   */
  public synchronized EmbeddedKafkaBroker start() {
    long started = System.nanoTime();
    launch();
    awaitReady();
    LOG.info(
        "embedded Kafka broker ready at {} in {} ms (data {})",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        dataDir);
    return this;
  }

  /**
   * Starts the child process (formatting its storage on first start) without waiting for it: the
   * nodes of a cluster are launched together, as none is ready before a quorum of them runs.
   */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("embedded broker already running at " + bootstrapServers());
    }
    try {
      Path config = dataDir.resolve("server.properties");
      if (Files.exists(config)) {
        readIdentity(config);
      } else if (membership != null) {
        port = membership.port();
        controllerPort = membership.controllerPort();
        clusterId = membership.clusterId();
        writeConfig(config);
      } else {
        port = freePort();
        controllerPort = freePort();
        clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        writeConfig(config);
      }
      process = launch(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + dataDir, e);
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The data directory (KRaft logs, config, broker.log). */
  public Path dataDir() {
    return dataDir;
  }

  /** The child's process id, or -1 when not running. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /** True while the child process lives. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the broker gracefully (SIGTERM, Kafka's controlled shutdown), waiting up to 30 s. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    boolean cleanly = false;
    try {
      cleanly = process.waitFor(30, TimeUnit.SECONDS);
      if (!cleanly) {
        LOG.warn("embedded broker did not stop in 30 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
    if (classArchive != null) {
      classArchive.childExited(cleanly);
    }
  }

  /** Kills the broker at once (SIGKILL): what a crash looks like to clients. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    if (classArchive != null) {
      classArchive.childExited(false);
    }
  }

  /** Stops (if running) and starts again on the same data directory and ports. */
  public synchronized EmbeddedKafkaBroker restart() {
    stop();
    return start();
  }

  /** Stops the broker and deletes a temporary data directory. */
  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  /** An admin client for this broker (the caller closes it). */
  public Admin admin() {
    return admin(bootstrapServers(), adminProperties());
  }

  /**
   * The client properties of this broker's administrator: empty for a plaintext broker, the
   * super-user's {@code SASL_SSL} settings for a secured one.
   */
  public Map<String, String> adminProperties() {
    return security == null ? Map.of() : security.adminProperties();
  }

  /** An admin client with the short timeouts of tests and start-up checks. */
  static Admin admin(String bootstrapServers, Map<String, String> clientProperties) {
    Map<String, Object> config = new LinkedHashMap<>(clientProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return Admin.create(config);
  }

  /**
   * Waits until an admin client sees the launched broker, or fails with the log tail. The client is
   * created once the broker's port accepts connections: an admin client that finds the port closed
   * backs off for up to a second between attempts, and readiness lagged the open port by 0.4-1.3 s.
   */
  synchronized void awaitReady() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Exception last = null;
    awaitPortOpen(deadline);
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "embedded broker exited with code "
                  + process.exitValue()
                  + " while starting; log tail:\n"
                  + logTail());
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          last = e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
    }
    kill();
    throw new IllegalStateException(
        "embedded broker not ready within "
            + startTimeout
            + " ("
            + last
            + "); log tail:\n"
            + logTail());
  }

  /**
   * Polls the broker's client port every {@link #PORT_POLL} until it accepts a connection, the
   * child exits or the deadline passes (the admin check that follows reports either).
   */
  private void awaitPortOpen(long deadline) {
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PORT_POLL.toMillis());
        return;
      } catch (IOException closed) {
        java.util.concurrent.locks.LockSupport.parkNanos(PORT_POLL.toNanos());
      }
    }
  }

  private Process launch(Path config) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-Xms64m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    if (classArchive != null) {
      cmd.addAll(classArchive.jvmOptions());
    }
    cmd.add("-Djava.io.tmpdir=" + dataDir);
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlogback.configurationFile=" + writeLogConfig());
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(BrokerMain.class.getName());
    cmd.add(config.toString());
    cmd.add(clusterId);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker-console.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  /**
   * The classpath for the child: this JVM's, taking the real test classpath under surefire/failsafe
   * (whose {@code java.class.path} may be a manifest-only booter jar; the child reads its manifest
   * too).
   */
  static String classPath() {
    String testPath = System.getProperty("surefire.test.class.path");
    return testPath != null && !testPath.isBlank()
        ? testPath
        : System.getProperty("java.class.path");
  }

  private Path writeLogConfig() throws IOException {
    Path file = dataDir.resolve("broker-logback.xml");
    String xml =
        """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{30} - %%msg%%n</pattern></encoder>
          </appender>
          <logger name="kafka" level="WARN"/>
          <logger name="org.apache.kafka" level="WARN"/>
          <logger name="state.change.logger" level="WARN"/>
          <root level="WARN"><appender-ref ref="FILE"/></root>
        </configuration>
        """
            .formatted(dataDir.resolve("broker.log"));
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }

  private void writeConfig(Path config) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    if (membership == null) {
      p.put("node.id", "1");
      p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    } else {
      p.put("node.id", String.valueOf(membership.nodeId()));
      p.put("controller.quorum.voters", membership.voters());
    }
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    if (security != null) {
      p.putAll(security.brokerProperties(port, controllerPort));
      p.put(BrokerMain.FORMAT_SCRAM, security.formatScram());
    }
    p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "8");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "8");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("camreasoner.cluster.id", clusterId);
    p.putAll(extraProperties);
    Properties props = new Properties();
    props.putAll(p);
    Files.createDirectories(dataDir.resolve("kraft-logs"));
    try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      props.store(out, "embedded single-node KRaft broker (CamReasoner Streaming)");
    }
  }

  private void readIdentity(Path config) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    String listeners = props.getProperty("listeners");
    port =
        Integer.parseInt(
            listeners.replaceAll(".*(?:PLAINTEXT|SASL_SSL)://127\\.0\\.0\\.1:(\\d+).*", "$1"));
    controllerPort =
        Integer.parseInt(listeners.replaceAll(".*CONTROLLER://127\\.0\\.0\\.1:(\\d+).*", "$1"));
    clusterId = props.getProperty("camreasoner.cluster.id");
  }

  /** The last lines of the broker's logs, for error messages. */
  public String logTail() {
    StringBuilder tail = new StringBuilder();
    for (String name : List.of("broker-console.log", "broker.log")) {
      Path log = dataDir.resolve(name);
      try {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          lines
              .subList(Math.max(0, lines.size() - 25), lines.size())
              .forEach(l -> tail.append(l).append('\n'));
        }
      } catch (IOException e) {
        tail.append("(cannot read ").append(log).append(": ").append(e.getMessage()).append(")\n");
      }
    }
    return tail.toString();
  }

  static int freePort() {
    return ListenerPorts.choose();
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }

  /** Options of an embedded broker. */
  public static final class Builder {
    private Path dataDir;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);
    private String heap = "512m";
    private Membership membership;
    private BrokerSecurity security;

    private Builder() {}

    /**
     * Keep data in this directory (kept on close; reused by a later broker). Default: a temp dir.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** An extra broker property (overrides the defaults). */
    public Builder property(String name, String value) {
      properties.put(name, value);
      return this;
    }

    /** How long start() waits for the broker (default 60 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Heap of the broker JVM, e.g. {@code 512m} (default). */
    public Builder heap(String size) {
      this.heap = size;
      return this;
    }

    /**
     * Secures the client listener: {@code SASL_SSL} with SCRAM-SHA-512 and ACLs ({@link
     * BrokerSecurity}).
     */
    public Builder secured(BrokerSecurity security) {
      this.security = security;
      return this;
    }

    /** Makes the broker one node of a cluster (package-private: {@link EmbeddedKafkaCluster}). */
    Builder membership(Membership m) {
      this.membership = m;
      return this;
    }

    /** The broker, not yet started. */
    public EmbeddedKafkaBroker build() {
      return new EmbeddedKafkaBroker(this);
    }
  }
}
