package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.platform.kafka.acl.AclRequirement;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck.AccessDeniedException;
import io.camreasoner.platform.testing.Acls;
import io.camreasoner.platform.testing.TestPki;
import io.camreasoner.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredBrokerIT {
  @TempDir Path dir;

  private static KafkaProducer<String, String> producer(
      String bootstrap, Map<String, String> security) {
    Map<String, Object> p = new HashMap<>(security);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  @Test
  void shouldAuthenticateOverTlsAndAuthoriseOnlyWhatTheAclsAllowWhenSecured() throws Exception {
    TestPki pki = TestPki.create(dir);
    BrokerSecurity security =
        new BrokerSecurity(pki.keyStore(), pki.trustStore(), pki.password(), "admin", "admin-pw");
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder()
                .dataDir(dir.resolve("kafka"))
                .secured(security)
                .build()
                .start();
        Admin admin = broker.admin()) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      KafkaTopics.ensure(
          admin,
          List.of(
              Topics.FRAME_WINDOWS.withName("it-allowed"),
              Topics.FRAME_WINDOWS.withName("it-denied")),
          (short) 1);
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      "ingest",
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                      "ingest-pw")))
          .all()
          .get();
      ResourcePattern allowed =
          new ResourcePattern(ResourceType.TOPIC, "it-allowed", PatternType.LITERAL);
      Acls.grant(
          admin,
          List.of(
              new AclBinding(
                  allowed,
                  new AccessControlEntry(
                      "User:ingest", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));

      try (KafkaProducer<String, String> ingest =
          producer(broker.bootstrapServers(), security.clientProperties("ingest", "ingest-pw"))) {
        RecordMetadata written = ingest.send(new ProducerRecord<>("it-allowed", "k", "v")).get();
        assertThat(written.offset()).isZero();
        assertThatThrownBy(() -> ingest.send(new ProducerRecord<>("it-denied", "k", "v")).get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class)
            .hasMessageContaining("it-denied");
      }
      // the start-up check: what the principal holds, what it lacks, a wrong password
      List<AclRequirement> needs =
          List.of(
              AclRequirement.topic("it-allowed", "writes windows", AclOperation.WRITE),
              AclRequirement.group("it-group", "its consumer group", AclOperation.READ),
              AclRequirement.topic("it-denied", "reads it", AclOperation.READ));
      Map<String, String> ingestProps = security.clientProperties("ingest", "ingest-pw");
      assertThatThrownBy(
              () ->
                  KafkaAccessCheck.verify("ingest", broker.bootstrapServers(), ingestProps, needs))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessage(
              "ingest: principal User:ingest is not allowed READ on group it-group; READ on topic"
                  + " it-denied on Kafka at "
                  + broker.bootstrapServers()
                  + " (the ACLs each service needs: camreasoner acls)");
      List<AclBinding> grants = new ArrayList<>();
      needs.forEach(r -> grants.addAll(r.bindings("User:ingest")));
      Acls.grant(admin, grants);
      KafkaAccessCheck.verify("ingest", broker.bootstrapServers(), ingestProps, needs);
      assertThatThrownBy(
              () ->
                  KafkaAccessCheck.verify(
                      "ingest",
                      broker.bootstrapServers(),
                      security.clientProperties("ingest", "wrong-pw"),
                      needs))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageStartingWith(
              "ingest: Kafka at "
                  + broker.bootstrapServers()
                  + " refused the credentials of User:ingest: ");

      try (KafkaProducer<String, String> impostor =
          producer(broker.bootstrapServers(), security.clientProperties("ingest", "wrong-pw"))) {
        assertThatThrownBy(() -> impostor.send(new ProducerRecord<>("it-allowed", "k", "v")).get())
            .hasRootCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }
}
