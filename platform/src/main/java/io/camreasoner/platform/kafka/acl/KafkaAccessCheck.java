package io.camreasoner.platform.kafka.acl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of a service on a secured cluster: with the service's own client properties it
 * authenticates and asks the brokers which operations its principal may perform on the topics,
 * groups and cluster it needs (Kafka's "authorized operations" of describe requests, which change
 * nothing). A wrong password or a missing ACL becomes one {@link AccessDeniedException} naming the
 * service, the principal and everything refused, instead of clients retrying without end.
 *
 * <p>Prefixed resources (Kafka Streams' internal topics, transactional ids) cannot be described
 * without creating them; those refusals surface when the client first uses them and the services
 * report them as fatal. On a cluster without an authorizer there is nothing to check. When Kafka
 * cannot be reached the check is skipped: the services' own connection handling applies.
 */
public final class KafkaAccessCheck {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAccessCheck.class);
  private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
  private static final long TIMEOUT_SECONDS = 20;

  private KafkaAccessCheck() {}

  /** A wrong credential or missing ACLs, in one line for the operator. */
  public static final class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AccessDeniedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks that {@code service}'s principal authenticates and holds {@code requirements}.
   *
   * @param clientProperties the service's Kafka client properties (security), as its clients get
   *     them
   * @throws AccessDeniedException naming the service, the principal and what was refused
   */
  public static void verify(
      String service,
      String bootstrap,
      Map<String, ?> clientProperties,
      List<AclRequirement> requirements) {
    String principal = principalOf(clientProperties);
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(props)) {
      Set<AclOperation> onCluster;
      try {
        onCluster =
            get(
                admin
                    .describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthenticationException) {
          throw new AccessDeniedException(
              service
                  + ": Kafka at "
                  + bootstrap
                  + " refused the credentials of "
                  + principal
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
        }
        LOG.warn("{}: cannot check Kafka ACLs: {}", service, e.getCause().toString());
        return;
      }
      if (onCluster == null) {
        return; // no authorizer
      }
      List<String> refused = new ArrayList<>();
      for (AclRequirement r : requirements) {
        if (r.pattern() == PatternType.PREFIXED) {
          continue;
        }
        Set<AclOperation> allowed =
            switch (r.type()) {
              case CLUSTER -> onCluster;
              case TOPIC -> topicOperations(admin, r.name());
              case GROUP -> groupOperations(admin, r.name());
              default -> null;
            };
        if (allowed == null) {
          continue; // not describable (or the topic does not exist yet)
        }
        Set<AclOperation> missing = EnumSet.copyOf(r.operations());
        missing.removeAll(allowed);
        if (!missing.isEmpty()) {
          refused.add(
              new AclRequirement(r.type(), r.name(), r.pattern(), missing, r.why()).describe());
        }
      }
      if (!refused.isEmpty()) {
        throw new AccessDeniedException(
            service
                + ": principal "
                + principal
                + " is not allowed "
                + String.join("; ", refused)
                + " on Kafka at "
                + bootstrap
                + " (the ACLs each service needs: camreasoner acls)",
            null);
      }
    } catch (TimeoutException e) {
      LOG.warn("{}: cannot check Kafka ACLs: Kafka at {} did not answer", service, bootstrap);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operations allowed on a topic; empty when it may not even be described. */
  private static Set<AclOperation> topicOperations(Admin admin, String topic)
      throws InterruptedException, TimeoutException {
    try {
      TopicDescription d =
          get(
              admin
                  .describeTopics(
                      List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                  .topicNameValues()
                  .get(topic));
      return d.authorizedOperations() == null ? null : d.authorizedOperations();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        return Set.of();
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null; // created later by whoever may
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The operations allowed on a group; empty when it may not even be described. */
  private static Set<AclOperation> groupOperations(Admin admin, String group)
      throws InterruptedException, TimeoutException {
    try {
      ConsumerGroupDescription d =
          get(
              admin
                  .describeConsumerGroups(
                      List.of(group),
                      new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                  .describedGroups()
                  .get(group));
      return d.authorizedOperations();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        return Set.of();
      }
      return null; // e.g. a group that does not exist yet on a broker that will not say
    }
  }

  /**
   * The principal the properties authenticate as, for messages: {@code User:<name>} of a SASL JAAS
   * configuration, else what the protocol implies.
   */
  public static String principalOf(Map<String, ?> clientProperties) {
    Object jaas = clientProperties.get("sasl.jaas.config");
    if (jaas != null) {
      Matcher m = JAAS_USER.matcher(String.valueOf(jaas));
      if (m.find()) {
        return "User:" + m.group(1);
      }
    }
    Object protocol = clientProperties.get("security.protocol");
    return "SSL".equals(protocol) ? "the client certificate's principal" : "User:ANONYMOUS";
  }

  private static <T> T get(KafkaFuture<T> future)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
