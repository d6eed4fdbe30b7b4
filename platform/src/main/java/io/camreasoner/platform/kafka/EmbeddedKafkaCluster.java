package io.camreasoner.platform.kafka;

import io.camreasoner.platform.kafka.EmbeddedKafkaBroker.Membership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * A replicated KRaft cluster of {@link EmbeddedKafkaBroker} child JVMs on loopback, each node both
 * broker and controller of one static quorum: what a production cluster looks like to clients, for
 * tests that kill a broker in the middle of a run.
 *
 * <p>Settings as in production: replication factor {@code min(3, nodes)} for new topics ({@code
 * default.replication.factor}), the offsets and transaction-state topics, and {@code
 * min.insync.replicas} / {@code transaction.state.log.min.isr} of {@code replication - 1}, so
 * writes with {@code acks=all} go on with one node down and stop (rather than lose data) with two.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  private final List<EmbeddedKafkaBroker> nodes;
  private final Path temporaryDir;

  private EmbeddedKafkaCluster(List<EmbeddedKafkaBroker> nodes, Path temporaryDir) {
    this.nodes = nodes;
    this.temporaryDir = temporaryDir;
  }

  /**
   * Starts {@code size} nodes in sub-directories {@code node-<id>} of {@code dataDir} (a temporary
   * directory when null) and returns once every one serves clients.
   */
  public static EmbeddedKafkaCluster start(int size, Path dataDir) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, was " + size);
    }
    Path dir;
    try {
      dir = dataDir != null ? dataDir : Files.createTempDirectory("camreasoner-kafka-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for the cluster", e);
    }
    int replication = Math.min(3, size);
    int minIsr = Math.max(1, replication - 1);
    String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    int[] ports = new int[size];
    int[] controllerPorts = new int[size];
    for (int i = 0; i < size; i++) {
      ports[i] = EmbeddedKafkaBroker.freePort();
      controllerPorts[i] = EmbeddedKafkaBroker.freePort();
    }
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
    }
    List<EmbeddedKafkaBroker> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(
          EmbeddedKafkaBroker.builder()
              .dataDir(dir.resolve("node-" + (i + 1)))
              .heap("384m")
              .membership(
                  new Membership(
                      i + 1, ports[i], controllerPorts[i], clusterId, String.join(",", voters)))
              .property("default.replication.factor", String.valueOf(replication))
              .property("min.insync.replicas", String.valueOf(minIsr))
              .property("offsets.topic.replication.factor", String.valueOf(replication))
              .property("transaction.state.log.replication.factor", String.valueOf(replication))
              .property("transaction.state.log.min.isr", String.valueOf(minIsr))
              .build());
    }
    EmbeddedKafkaCluster cluster =
        new EmbeddedKafkaCluster(List.copyOf(nodes), dataDir == null ? dir : null);
    try {
      nodes.forEach(EmbeddedKafkaBroker::launch);
      nodes.forEach(EmbeddedKafkaBroker::awaitReady);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code host:port,…} of every node, for clients. */
  public String bootstrapServers() {
    return nodes.stream()
        .map(EmbeddedKafkaBroker::bootstrapServers)
        .collect(Collectors.joining(","));
  }

  /** The number of nodes. */
  public int size() {
    return nodes.size();
  }

  /** The node with this id (1 to {@link #size()}: Kafka's node.id). */
  public EmbeddedKafkaBroker node(int nodeId) {
    if (nodeId < 1 || nodeId > nodes.size()) {
      throw new IllegalArgumentException("no node " + nodeId + " in a cluster of " + nodes.size());
    }
    return nodes.get(nodeId - 1);
  }

  /** An admin client for the cluster (the caller closes it). */
  public Admin admin() {
    return EmbeddedKafkaBroker.admin(bootstrapServers(), java.util.Map.of());
  }

  /**
   * Stops every node gracefully, all at once (one by one, the last ones would wait for a quorum
   * that is already gone), and deletes a temporary data directory.
   */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    for (EmbeddedKafkaBroker node : nodes) {
      Thread t = new Thread(node::close, "stop-" + node.dataDir().getFileName());
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        nodes.forEach(EmbeddedKafkaBroker::kill);
        break;
      }
    }
    if (temporaryDir != null) {
      EmbeddedKafkaBroker.deleteRecursively(temporaryDir);
    }
  }
}
