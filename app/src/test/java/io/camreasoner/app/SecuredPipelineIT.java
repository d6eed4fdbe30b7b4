package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.kafka.BrokerSecurity;
import io.camreasoner.platform.kafka.EmbeddedKafkaBroker;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.kafka.acl.AclRequirement;
import io.camreasoner.platform.testing.Acls;
import io.camreasoner.platform.testing.ChildJvm;
import io.camreasoner.platform.testing.TestPki;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a secured broker and registry as production runs it: {@code SASL_SSL} with
 * SCRAM-SHA-512 and certificates from a CA made in the test, the {@code StandardAuthorizer}, and
 * each service as its own principal holding only the ACLs {@code camreasoner acls} lists. A missing
 * ACL, a wrong password, and an ACL only Kafka Streams needs at run time each stop their service
 * with one line; once granted, the windows published meanwhile all become events, exactly once.
 */
class SecuredPipelineIT {
  private static final Pattern INGESTED =
      Pattern.compile("ok .* stream=(\\S+) frames=\\d+ windows=(\\d+) cuts=(\\d+)");
  private static final List<String> SERVICES = List.of("ingest", "worker", "aggregator");

  @TempDir Path dir;

  private BrokerSecurity security;
  private final Map<String, String> registryClient = new HashMap<>();
  private String bootstrap;
  private final Map<String, String> passwords = new HashMap<>();

  /**
   * A client properties file for a principal, as an operator writes it: Kafka's security settings
   * and the registry's, in Confluent's names.
   */
  private Path clientConfig(String user, String password) throws Exception {
    Properties p = new Properties();
    p.putAll(security.clientProperties(user, password));
    p.putAll(registryClient);
    Path file = dir.resolve(user + "-" + password + ".properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "client properties of " + user);
    }
    return file;
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    return CamReasonerCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String[] serviceArgs(String service, Path config, String registry, String... extra) {
    List<String> args = new ArrayList<>();
    args.add(service);
    args.add("--kafka.bootstrap=" + bootstrap);
    args.add("--kafka.config-file=" + config);
    args.add("--schema.registry.url=" + registry);
    args.add("--ops.port=-1");
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private String[] aggregatorArgs(Path config, String registry, String stateDir) {
    return serviceArgs(
        "aggregator",
        config,
        registry,
        "--aggregator.state-dir=" + dir.resolve(stateDir),
        "--http.port=0",
        "--aggregator.idle-close=5s");
  }

  @Test
  void shouldRunEachServiceAsItsOwnPrincipalAndStopWithOneLineWhenRefused() throws Exception {
    TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    security =
        new BrokerSecurity(pki.keyStore(), pki.trustStore(), pki.password(), "admin", "admin-pw");
    Path clip = dir.resolve("programme.mp4");
    ClipWriter.write(
        clip,
        Programme.of(
            "secured",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 8),
                    320,
                    180,
                    25,
                    50,
                    11),
                ClipSpec.of(SceneKind.LAYERED_3D, CameraMotion.STATIC, 320, 180, 25, 50, 12))),
        5);
    Map<String, List<AclRequirement>> acls = AclsCommand.requirements(List.of());

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder()
                .dataDir(dir.resolve("kafka"))
                .secured(security)
                .build()
                .start();
        Admin admin = broker.admin()) {
      bootstrap = broker.bootstrapServers();
      List<UserScramCredentialUpsertion> users = new ArrayList<>();
      for (String user : List.of("ingest", "worker", "aggregator", "registry")) {
        passwords.put(user, user + "-" + UUID.randomUUID().toString().substring(0, 8));
        users.add(
            new UserScramCredentialUpsertion(
                user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                passwords.get(user)));
      }
      admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
      // as in production, the administrator creates the topics
      KafkaTopics.ensure(
          admin,
          List.of(
              Topics.FRAME_WINDOWS,
              Topics.MOTION_EVENTS,
              Topics.SHOT_TIMELINES,
              Topics.DLQ,
              Topics.SCHEMAS),
          (short) 1);
      // every ACL but two: the worker's group, the aggregator's transactional ids
      List<AclBinding> withheld = new ArrayList<>();
      List<AclBinding> granted = new ArrayList<>();
      Map<String, String> principals =
          Map.of(
              "ingest", "User:ingest",
              "worker", "User:worker",
              "aggregator", "User:aggregator",
              "schema-registry", "User:registry");
      acls.forEach(
          (service, list) -> {
            for (AclRequirement r : list) {
              boolean withhold =
                  service.equals("worker") && r.type() == ResourceType.GROUP
                      || service.equals("aggregator") && r.type() == ResourceType.TRANSACTIONAL_ID;
              (withhold ? withheld : granted).addAll(r.bindings(principals.get(service)));
            }
          });
      Acls.grant(admin, granted);

      Map<String, Object> registryKafka =
          new LinkedHashMap<>(security.clientProperties("registry", passwords.get("registry")));
      registryClient.put("basic.auth.credentials.source", "USER_INFO");
      registryClient.put("basic.auth.user.info", "pipeline:" + passwords.get("registry"));
      registryClient.put("schema.registry.ssl.truststore.location", pki.trustStore().toString());
      registryClient.put("schema.registry.ssl.truststore.password", pki.password());
      try (EmbeddedSchemaRegistry registry =
          EmbeddedSchemaRegistry.builder()
              .kafka(bootstrap, Topics.SCHEMAS.name(), registryKafka)
              .https(pki.keyStore(), pki.password())
              .basicAuth("pipeline:" + passwords.get("registry"))
              .build()
              .start()) {
        Map<String, Path> configs = new HashMap<>();
        for (String s : SERVICES) {
          configs.put(s, clientConfig(s, passwords.get(s)));
        }

        // ingest publishes while the worker cannot run yet: nothing may be lost
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(
                run(
                    out,
                    err,
                    serviceArgs("ingest", configs.get("ingest"), registry.url(), clip.toString())))
            .as(err.toString())
            .isZero();
        Matcher ingested = INGESTED.matcher(out.toString());
        assertThat(ingested.find()).as(out.toString()).isTrue();
        String streamId = ingested.group(1);
        int windows = Integer.parseInt(ingested.group(2));
        int shots = Integer.parseInt(ingested.group(3)) + 1;
        assertThat(shots).isEqualTo(2);

        StringWriter workerErr = new StringWriter();
        assertThat(
                run(
                    new StringWriter(),
                    workerErr,
                    serviceArgs("worker", configs.get("worker"), registry.url())))
            .isEqualTo(1);
        assertThat(workerErr.toString().strip())
            .isEqualTo(
                "camreasoner worker: worker: principal User:worker is not allowed READ, DESCRIBE on"
                    + " group camreasoner-worker on Kafka at "
                    + bootstrap
                    + " (the ACLs each service needs: camreasoner acls)");

        StringWriter wrongPassword = new StringWriter();
        assertThat(
                run(
                    new StringWriter(),
                    wrongPassword,
                    aggregatorArgs(
                        clientConfig("aggregator", "not-its-password"), registry.url(), "agg-0")))
            .isEqualTo(1);
        assertThat(wrongPassword.toString())
            .startsWith(
                "camreasoner aggregator: aggregator: Kafka at "
                    + bootstrap
                    + " refused the credentials of User:aggregator: ")
            .hasLineCount(1);

        // the transactional ids are not describable before use: Streams meets the refusal at run
        // time
        StringWriter refused = new StringWriter();
        CompletableFuture<Integer> aggregatorRun =
            CompletableFuture.supplyAsync(
                () ->
                    run(
                        new StringWriter(),
                        refused,
                        aggregatorArgs(configs.get("aggregator"), registry.url(), "agg-1")));
        assertThat(aggregatorRun.get(3, TimeUnit.MINUTES)).isEqualTo(1);
        assertThat(refused.toString())
            .startsWith(
                "camreasoner aggregator: aggregator: Kafka refused principal User:aggregator: ")
            .contains("Transactional Id authorization failed");

        Acls.grant(admin, withheld);
        Process aggregator =
            ChildJvm.start(
                dir,
                "aggregator.log",
                List.of(),
                CamReasonerCli.class.getName(),
                aggregatorArgs(configs.get("aggregator"), registry.url(), "agg-2"));
        Process worker =
            ChildJvm.start(
                dir,
                "worker.log",
                List.of(),
                CamReasonerCli.class.getName(),
                serviceArgs("worker", configs.get("worker"), registry.url(), "--worker.threads=1"));
        try {
          Map<String, Object> readerRegistry = new HashMap<>(registryClient);
          readerRegistry.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
          AvroSerdeConfig serdes = AvroSerdeConfig.fromMap(readerRegistry);
          List<MotionEvent> events =
              read(
                  Topics.MOTION_EVENTS.name(),
                  Topics.MOTION_EVENTS.valueSerde(serdes).deserializer(),
                  windows + 1,
                  e -> true);
          List<MotionEvent> motion = events.stream().filter(e -> !e.getEndOfStream()).toList();
          assertThat(motion).hasSize(windows);
          assertThat(motion.stream().map(MotionEvent::getWindowSeq).collect(Collectors.toSet()))
              .hasSize(windows);
          assertThat(motion).allSatisfy(e -> assertThat(e.getStreamId()).isEqualTo(streamId));
          assertThat(motion.get(0).getLabels()).contains("pan-right");

          List<ShotTimeline> closed =
              read(
                  Topics.SHOT_TIMELINES.name(),
                  Topics.SHOT_TIMELINES.valueSerde(serdes).deserializer(),
                  shots,
                  t -> t.getStatus() == ShotStatus.CLOSED);
          assertThat(closed.stream().map(ShotTimeline::getShotIndex).collect(Collectors.toSet()))
              .isEqualTo(Set.of(0, 1));
        } finally {
          worker.destroy();
          aggregator.destroy();
          assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(aggregator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  /** Reads {@code count} committed values matching {@code keep}, as the administrator. */
  private <V> List<V> read(
      String topic, Deserializer<V> values, int count, java.util.function.Predicate<V> keep) {
    Map<String, Object> props = new HashMap<>(security.adminProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(
            props, new org.apache.kafka.common.serialization.ByteArrayDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofMillis(500))) {
          if (keep.test(r.value())) {
            out.add(r.value());
          }
        }
      }
      // anything beyond the expected count would be a duplicate
      for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofSeconds(2))) {
        if (keep.test(r.value())) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
