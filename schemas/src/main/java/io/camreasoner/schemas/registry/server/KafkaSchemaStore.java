package io.camreasoner.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the registry's entries in a one-partition compacted Kafka topic, as Confluent's registry
 * does with {@code _schemas}: keys identify a subject version or a config, values hold the JSON
 * fact. On start the topic is read to its end; every append is acknowledged by all in-sync replicas
 * before the registry answers, so a registered id survives a restart of the registry.
 */
final class KafkaSchemaStore implements SchemaStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ObjectMapper json = new ObjectMapper();
  private final String topic;
  private final Map<String, Object> clientProps;
  private final KafkaProducer<String, String> producer;

  KafkaSchemaStore(String bootstrapServers, String topic, Map<String, Object> extraClientProps) {
    this.topic = topic;
    this.clientProps = new HashMap<>(extraClientProps);
    clientProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    createTopicIfMissing();
    Map<String, Object> producerProps = new HashMap<>(clientProps);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "camreasoner-schema-registry");
    this.producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
  }

  /**
   * Creates the topic unless it exists (looked up first: on a secured cluster a principal may use a
   * topic an administrator made without being allowed to create topics).
   */
  private void createTopicIfMissing() {
    try (Admin admin = Admin.create(clientProps)) {
      if (admin
          .listTopics()
          .names()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(Map.of("cleanup.policy", "compact"));
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the schema topic '" + topic + "': " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot create the schema topic '" + topic + "': Kafka did not answer in " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating '" + topic + "'", e);
    }
  }

  @Override
  public List<StoreEntry> readAll() {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    TopicPartition partition = new TopicPartition(topic, 0);
    // Compaction keeps the latest value per key: replay into a map keyed like the topic.
    Map<String, StoreEntry> latest = new java.util.LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "schema topic '" + topic + "' not read to its end (" + end + ") within " + TIMEOUT);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), decode(record.value()));
          }
        }
      }
    }
    return new ArrayList<>(latest.values());
  }

  @Override
  public void append(StoreEntry entry) {
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, key(entry), encode(entry)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot write to the schema topic '" + topic + "': " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to '" + topic + "'", e);
    }
  }

  private String key(StoreEntry entry) {
    ObjectNode key = json.createObjectNode();
    if (entry instanceof StoreEntry.SchemaVersion v) {
      key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version());
    } else if (entry instanceof StoreEntry.Config c) {
      key.put("keytype", "CONFIG");
      if (c.subject() == null) {
        key.putNull("subject");
      } else {
        key.put("subject", c.subject());
      }
    }
    return key.toString();
  }

  private String encode(StoreEntry entry) {
    ObjectNode value = json.createObjectNode();
    if (entry instanceof StoreEntry.SchemaVersion v) {
      value
          .put("subject", v.subject())
          .put("version", v.version())
          .put("id", v.id())
          .put("schema", v.schema())
          .put("deleted", false);
    } else if (entry instanceof StoreEntry.Config c) {
      value.put("compatibilityLevel", c.level());
      if (c.subject() != null) {
        value.put("subject", c.subject());
      }
    }
    return value.toString();
  }

  private StoreEntry decode(String text) {
    try {
      JsonNode node = json.readTree(text);
      if (node.has("compatibilityLevel")) {
        return new StoreEntry.Config(
            node.hasNonNull("subject") ? node.get("subject").asText() : null,
            node.get("compatibilityLevel").asText());
      }
      return new StoreEntry.SchemaVersion(
          node.get("subject").asText(),
          node.get("version").asInt(),
          node.get("id").asInt(),
          node.get("schema").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt entry in schema topic '" + topic + "'", e);
    }
  }

  @Override
  public String describe() {
    return "kafka topic " + topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
