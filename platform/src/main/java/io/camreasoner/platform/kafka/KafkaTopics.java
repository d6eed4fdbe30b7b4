package io.camreasoner.platform.kafka;

import io.camreasoner.schemas.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topic registry's topics idempotently, with their partitions and configs. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /**
   * Creates the topics that do not exist yet; existing ones are left as they are. Returns once
   * every new partition's leader serves it, so producers may start at once.
   *
   * @param replication replication factor of new topics (1 on the embedded broker)
   * @return the names that were created
   */
  public static List<String> ensure(
      Admin admin, Collection<? extends Topic<?, ?>> topics, short replication) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> t : topics) {
        if (!existing.contains(t.name())) {
          missing.add(
              new NewTopic(t.name(), Optional.of(t.partitions()), Optional.of(replication))
                  .configs(t.configs()));
        }
      }
      if (missing.isEmpty()) {
        return List.of();
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      List<String> created = missing.stream().map(NewTopic::name).toList();
      awaitServed(admin, created);
      return created;
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topics: Kafka did not answer in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** How often a new topic's partitions are asked for again while a broker does not serve them. */
  private static final long SERVED_POLL_MS = 50;

  /** How long a new topic may take to be served before {@link #ensure} gives up. */
  private static final long SERVED_WAIT_S = 30;

  /**
   * Waits (up to {@value #SERVED_WAIT_S} s) until every partition of the new topics is served by
   * its leader. The controller commits a topic before the brokers apply it: a client that asks at
   * once can be told the topic does not exist (seen on a 3-broker cluster), and a leader whose
   * metadata names it can still answer a produce request NOT_LEADER_OR_FOLLOWER for a moment. That
   * moment loses records: an idempotent producer with several requests in flight to a new partition
   * can have its first request refused and a later one appended, after which the first is refused
   * as out of order until its delivery timeout (KAFKA-15591, seen once in this project's tests as
   * an ingest that could not publish). A ListOffsets answer comes from the partition's leader only
   * once it serves the partition, so producers start after it.
   */
  private static void awaitServed(Admin admin, List<String> names)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVED_WAIT_S);
    Map<TopicPartition, OffsetSpec> partitions = null;
    while (true) {
      try {
        // the whole wait stays within its bound, however long one answer takes
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (partitions == null) {
          partitions = new HashMap<>();
          for (TopicDescription d :
              admin
                  .describeTopics(names)
                  .allTopicNames()
                  .get(left, TimeUnit.MILLISECONDS)
                  .values()) {
            for (TopicPartitionInfo p : d.partitions()) {
              partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
          }
        }
        admin.listOffsets(partitions).all().get(left, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(SERVED_POLL_MS);
    }
  }

  /**
   * Creates the topics that do not exist yet on the cluster at {@code bootstrap}, replicated min(3,
   * brokers) times; for services starting against an external cluster. In production, create topics
   * yourself with the partitions and configs of the topic registry.
   *
   * @param kafkaClient extra client properties (security)
   * @return the names that were created
   * @throws IllegalStateException naming the cluster when it cannot be reached
   */
  public static List<String> ensure(
      String bootstrap, Map<String, String> kafkaClient, Collection<? extends Topic<?, ?>> topics) {
    Map<String, Object> props = new HashMap<>(kafkaClient);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(props)) {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      return ensure(admin, topics, (short) Math.min(3, Math.max(1, brokers)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      String why =
          e instanceof ExecutionException ? e.getCause().getMessage() : "no answer in 30 s";
      throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + why, e);
    }
  }
}
