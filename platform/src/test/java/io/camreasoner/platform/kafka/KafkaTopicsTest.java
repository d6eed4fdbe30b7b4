package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.Topics;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

  /**
   * An admin over a cluster that has no topics, creates what it is asked and whose leaders answer
   * ListOffsets with the given errors, one per call, before they serve the new partitions.
   */
  private static final class FreshCluster {
    final List<Map<TopicPartition, OffsetSpec>> offsetsAsked = new ArrayList<>();
    final Map<String, Integer> created = new HashMap<>();
    final List<RuntimeException> leaderAnswers;

    FreshCluster(RuntimeException... leaderAnswers) {
      this.leaderAnswers = new ArrayList<>(List.of(leaderAnswers));
    }

    @SuppressWarnings("unchecked")
    Admin admin() {
      return (Admin)
          Proxy.newProxyInstance(
              Admin.class.getClassLoader(),
              new Class<?>[] {Admin.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "listTopics" -> listed();
                    case "createTopics" -> create((Collection<NewTopic>) args[0]);
                    case "describeTopics" -> describe((Collection<String>) args[0]);
                    case "listOffsets" -> offsets((Map<TopicPartition, OffsetSpec>) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    /** The cluster has no topics yet ({@code ListTopicsResult}'s constructor is not public). */
    private ListTopicsResult listed() throws ReflectiveOperationException {
      Constructor<ListTopicsResult> noTopics =
          ListTopicsResult.class.getDeclaredConstructor(KafkaFuture.class);
      noTopics.setAccessible(true);
      return noTopics.newInstance(KafkaFuture.completedFuture(Map.of()));
    }

    private CreateTopicsResult create(Collection<NewTopic> topics) {
      topics.forEach(t -> created.put(t.name(), t.numPartitions()));
      return new CreateTopicsResult(Map.of()) {};
    }

    private DescribeTopicsResult describe(Collection<String> names) {
      Node leader = new Node(1, "localhost", 9092);
      Map<String, KafkaFuture<TopicDescription>> described = new HashMap<>();
      for (String name : names) {
        List<TopicPartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < created.get(name); p++) {
          partitions.add(new TopicPartitionInfo(p, leader, List.of(leader), List.of(leader)));
        }
        described.put(
            name, KafkaFuture.completedFuture(new TopicDescription(name, false, partitions)));
      }
      return new DescribeTopicsResult(null, described) {};
    }

    private ListOffsetsResult offsets(Map<TopicPartition, OffsetSpec> asked) {
      offsetsAsked.add(Map.copyOf(asked));
      Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> answers = new HashMap<>();
      RuntimeException refusal = leaderAnswers.isEmpty() ? null : leaderAnswers.remove(0);
      for (TopicPartition tp : asked.keySet()) {
        KafkaFutureImpl<ListOffsetsResultInfo> answer = new KafkaFutureImpl<>();
        if (refusal != null) {
          answer.completeExceptionally(refusal);
        } else {
          answer.complete(new ListOffsetsResultInfo(0, -1, Optional.of(0)));
        }
        answers.put(tp, answer);
      }
      return new ListOffsetsResult(answers);
    }
  }

  @Test
  void shouldReturnOnlyWhenEveryNewPartitionsLeaderServesItWhenLeadersRefuseAtFirst() {
    FreshCluster cluster =
        new FreshCluster(
            new NotLeaderOrFollowerException("not yet"),
            new NotLeaderOrFollowerException("not yet"));

    List<String> created =
        KafkaTopics.ensure(
            cluster.admin(),
            List.of(
                Topics.FRAME_WINDOWS.withName("windows").withPartitions(3),
                Topics.MOTION_EVENTS.withName("events").withPartitions(2)),
            (short) 1);

    assertThat(created).containsExactlyInAnyOrder("windows", "events");
    // refused twice, asked a third time, and every partition of both topics each time
    assertThat(cluster.offsetsAsked).hasSize(3);
    assertThat(cluster.offsetsAsked.get(2).keySet())
        .isEqualTo(
            Set.of(
                new TopicPartition("windows", 0),
                new TopicPartition("windows", 1),
                new TopicPartition("windows", 2),
                new TopicPartition("events", 0),
                new TopicPartition("events", 1)));
  }

  @Test
  void shouldFailNamingTheCauseWhenALeaderRefusesForGood() {
    FreshCluster cluster =
        new FreshCluster(new TopicAuthorizationException("no Describe on windows"));

    assertThatThrownBy(
            () ->
                KafkaTopics.ensure(
                    cluster.admin(), List.of(Topics.FRAME_WINDOWS.withName("windows")), (short) 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot create topics: no Describe on windows");
    assertThat(cluster.offsetsAsked).hasSize(1);
  }
}
