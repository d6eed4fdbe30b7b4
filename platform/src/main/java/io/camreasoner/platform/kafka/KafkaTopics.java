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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topic registry's topics idempotently, with their partitions and configs. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /**
   * Creates the topics that do not exist yet; existing ones are left as they are.
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
      awaitVisible(admin, created);
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

  /** How often a new topic's visibility is asked for; the controller has it at once. */
  private static final long VISIBLE_POLL_MS = 50;

  /**
   * Waits (up to 30 s) until a broker describes every new topic: the controller commits a topic
   * before the brokers' metadata has it, so a client that asks at once can be told the topic does
   * not exist (seen on a 3-broker cluster).
   */
  private static void awaitVisible(Admin admin, List<String> names)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        // the whole wait stays within the 30 s, however long one answer takes
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        admin.describeTopics(names).allTopicNames().get(left, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(VISIBLE_POLL_MS);
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
