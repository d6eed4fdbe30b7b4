package io.camreasoner.worker.loop;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.camreasoner.platform.kafka.acl.AclRequirement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the consumer loop (the {@code worker.*} options), resolved from configuration.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group of all worker instances
 * @param instanceId id of this instance, stable across restarts: part of the transactional id, so a
 *     restarted instance fences its previous incarnation and aborts its open transaction
 * @param inputTopic frame-windows topic
 * @param outputTopic motion-events topic
 * @param dlqTopic dead-letter topic
 * @param threads processing threads (one backend each), all taking windows from one work queue
 * @param maxBatch windows per backend call
 * @param maxBatchWait how long a thread waits to fill a batch once it has one window
 * @param queueCapacity queued windows per partition before the partition is paused
 * @param pollTimeout consumer poll timeout; also the longest time between transaction commits
 * @param maxRetries retries of a retriable backend failure before dead-lettering
 * @param retryBackoff first back-off between retries, doubled each time
 * @param shutdownTimeout how long shutdown waits for in-flight batches before aborting
 * @param serviceName name written into dead letters
 */
public record WorkerSettings(
    String bootstrapServers,
    String groupId,
    String instanceId,
    String inputTopic,
    String outputTopic,
    String dlqTopic,
    int threads,
    int maxBatch,
    Duration maxBatchWait,
    int queueCapacity,
    Duration pollTimeout,
    int maxRetries,
    Duration retryBackoff,
    Duration shutdownTimeout,
    String serviceName) {

  public WorkerSettings {
    Objects.requireNonNull(bootstrapServers, "kafka.bootstrap");
    Objects.requireNonNull(groupId, "worker.group-id");
    Objects.requireNonNull(instanceId, "worker.instance-id");
    Objects.requireNonNull(inputTopic, "input topic");
    Objects.requireNonNull(outputTopic, "output topic");
    Objects.requireNonNull(dlqTopic, "dlq topic");
    positive("worker.threads", threads);
    positive("worker.batch.max-size", maxBatch);
    positive("worker.queue.capacity", queueCapacity);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("worker.retry.max must be >= 0, was " + maxRetries);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + v);
    }
  }

  /** The transactional id of this instance: {@code <group>-<instance>}. */
  public String transactionalId() {
    return groupId + "-" + instanceId;
  }

  /**
   * What the worker's principal must be allowed on a secured cluster (checked at start-up, printed
   * by {@code camreasoner acls}): read windows in its group, write events and dead letters in
   * transactions under {@code <worker.group-id>-}.
   */
  public List<AclRequirement> acls() {
    return List.of(
        AclRequirement.topic(inputTopic, "reads frame windows", READ, DESCRIBE),
        AclRequirement.topic(outputTopic, "writes motion events", WRITE, DESCRIBE),
        AclRequirement.topic(dlqTopic, "writes dead letters", WRITE, DESCRIBE),
        AclRequirement.group(groupId, "its consumer group", READ, DESCRIBE),
        AclRequirement.transactionalIdPrefix(
            groupId + "-", "exactly-once transactions, one id per instance", WRITE, DESCRIBE));
  }
}
