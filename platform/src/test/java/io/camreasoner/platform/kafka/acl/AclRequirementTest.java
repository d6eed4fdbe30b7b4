package io.camreasoner.platform.kafka.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

class AclRequirementTest {

  @Test
  void shouldRenderKafkaAclsCommandsWithSortedOperationsAndPrefixesWhenGranted() {
    AclRequirement internal =
        AclRequirement.topicPrefix(
            "camreasoner-aggregator-",
            "Kafka Streams internal topics",
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.CREATE,
            AclOperation.READ);
    AclRequirement txn =
        AclRequirement.transactionalIdPrefix(
            "camreasoner-worker-", "exactly once", AclOperation.WRITE, AclOperation.DESCRIBE);

    assertThat(internal.kafkaAclsCommand("User:aggregator"))
        .isEqualTo(
            "kafka-acls --bootstrap-server \"$BOOTSTRAP\" --command-config \"$ADMIN_CONFIG\" --add"
                + " --allow-principal 'User:aggregator' --operation Read --operation Create"
                + " --operation DescribeConfigs --topic 'camreasoner-aggregator-'"
                + " --resource-pattern-type prefixed");
    assertThat(txn.kafkaAclsCommand("User:worker"))
        .endsWith(
            "--operation Write --operation Describe --transactional-id 'camreasoner-worker-'"
                + " --resource-pattern-type prefixed");
    assertThat(internal.bindings("User:aggregator"))
        .hasSize(3)
        .allSatisfy(
            b -> {
              assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
              assertThat(b.entry().principal()).isEqualTo("User:aggregator");
            });
    assertThat(internal.describe())
        .isEqualTo(
            "READ, CREATE, DESCRIBE_CONFIGS on topics starting with camreasoner-aggregator-");
    assertThat(AclRequirement.group("g", "why", AclOperation.READ).describe())
        .isEqualTo("READ on group g");
  }

  @Test
  void shouldNameThePrincipalOfTheClientPropertiesWhenReportingARefusal() {
    assertThat(
            KafkaAccessCheck.principalOf(
                Map.of(
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"worker\" password=\"x\";")))
        .isEqualTo("User:worker");
    assertThat(KafkaAccessCheck.principalOf(Map.of("security.protocol", "SSL")))
        .isEqualTo("the client certificate's principal");
    assertThat(KafkaAccessCheck.principalOf(Map.of())).isEqualTo("User:ANONYMOUS");
  }
}
