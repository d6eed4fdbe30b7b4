package io.camreasoner.platform.kafka.acl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One thing a service must be allowed to do on Kafka: operations on a topic, group, transactional
 * id or the cluster, by literal name or name prefix, with the reason. A service's list of these is
 * the one source of its ACLs: the start-up check, {@code camreasoner acls}, the README and the Helm
 * chart all come from it.
 *
 * @param type the kind of resource
 * @param name its name, or the prefix for {@link PatternType#PREFIXED}; {@code kafka-cluster} for
 *     the cluster
 * @param pattern {@link PatternType#LITERAL} or {@link PatternType#PREFIXED}
 * @param operations what the service does on it
 * @param why one line for operators
 */
public record AclRequirement(
    ResourceType type, String name, PatternType pattern, Set<AclOperation> operations, String why) {

  public AclRequirement {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (pattern != PatternType.LITERAL && pattern != PatternType.PREFIXED) {
      throw new IllegalArgumentException("pattern must be LITERAL or PREFIXED, was " + pattern);
    }
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("no operations for " + type + " " + name);
    }
    operations = Set.copyOf(EnumSet.copyOf(operations));
  }

  /** Operations on the topic of this name. */
  public static AclRequirement topic(String name, String why, AclOperation... operations) {
    return new AclRequirement(
        ResourceType.TOPIC, name, PatternType.LITERAL, Set.of(operations), why);
  }

  /** Operations on every topic whose name starts with {@code prefix}. */
  public static AclRequirement topicPrefix(String prefix, String why, AclOperation... operations) {
    return new AclRequirement(
        ResourceType.TOPIC, prefix, PatternType.PREFIXED, Set.of(operations), why);
  }

  /** Operations on the consumer group of this id. */
  public static AclRequirement group(String id, String why, AclOperation... operations) {
    return new AclRequirement(ResourceType.GROUP, id, PatternType.LITERAL, Set.of(operations), why);
  }

  /** Operations on every transactional id starting with {@code prefix}. */
  public static AclRequirement transactionalIdPrefix(
      String prefix, String why, AclOperation... operations) {
    return new AclRequirement(
        ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, Set.of(operations), why);
  }

  /** The ACL bindings granting this to {@code principal} (e.g. {@code User:worker}). */
  public List<AclBinding> bindings(String principal) {
    ResourcePattern resource = new ResourcePattern(type, name, pattern);
    List<AclBinding> out = new ArrayList<>();
    for (AclOperation op : sortedOperations()) {
      out.add(
          new AclBinding(
              resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
    return out;
  }

  /**
   * The {@code kafka-acls} command granting this to {@code principal}, with {@code $BOOTSTRAP} and
   * {@code $ADMIN_CONFIG} left for the shell.
   */
  public String kafkaAclsCommand(String principal) {
    return kafkaAclsCommandForShellWord("'" + principal + "'");
  }

  /**
   * The {@code kafka-acls} command granting this to the principal a shell word gives, e.g. {@code
   * "$WORKER_PRINCIPAL"} (for scripts that take principals from their environment).
   */
  public String kafkaAclsCommandForShellWord(String principalWord) {
    StringBuilder sb =
        new StringBuilder("kafka-acls --bootstrap-server \"$BOOTSTRAP\" --command-config")
            .append(" \"$ADMIN_CONFIG\" --add --allow-principal ")
            .append(principalWord);
    for (AclOperation op : sortedOperations()) {
      sb.append(" --operation ").append(operationWord(op));
    }
    switch (type) {
      case TOPIC -> sb.append(" --topic '").append(name).append('\'');
      case GROUP -> sb.append(" --group '").append(name).append('\'');
      case TRANSACTIONAL_ID -> sb.append(" --transactional-id '").append(name).append('\'');
      case CLUSTER -> sb.append(" --cluster");
      default -> throw new IllegalStateException("no kafka-acls flag for " + type);
    }
    if (pattern == PatternType.PREFIXED) {
      sb.append(" --resource-pattern-type prefixed");
    }
    return sb.toString();
  }

  /** For messages: {@code READ, DESCRIBE on group camreasoner-worker}. */
  public String describe() {
    return sortedOperations().stream().map(AclOperation::name).collect(Collectors.joining(", "))
        + " on "
        + resourceWords();
  }

  /** For messages: {@code topic camreasoner.dlq} or {@code topics starting with x-}. */
  public String resourceWords() {
    String kind = type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return pattern == PatternType.PREFIXED
        ? kind + "s starting with " + name
        : type == ResourceType.CLUSTER ? "the cluster" : kind + " " + name;
  }

  private List<AclOperation> sortedOperations() {
    return operations.stream().sorted().toList();
  }

  /** {@code DESCRIBE_CONFIGS} as kafka-acls spells it: {@code DescribeConfigs}. */
  private static String operationWord(AclOperation op) {
    StringBuilder sb = new StringBuilder();
    for (String part : op.name().split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
