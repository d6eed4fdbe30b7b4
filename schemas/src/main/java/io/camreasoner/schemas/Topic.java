package io.camreasoner.schemas;

import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic of the system: its name, how its keys and values are encoded, and the partition
 * count and topic configs it should be created with. The constants in {@link Topics} are the only
 * place topic names appear; deployments rename topics with {@link #withName(String)}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Topic<K, V> {
  private final String name;
  private final SerdeSpec<K> keySpec;
  private final SerdeSpec<V> valueSpec;
  private final int partitions;
  private final Map<String, String> configs;
  private final String description;

  Topic(
      String name,
      SerdeSpec<K> keySpec,
      SerdeSpec<V> valueSpec,
      int partitions,
      Map<String, String> configs,
      String description) {
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          "invalid topic name '" + name + "': use 1-249 of letters, digits, '.', '_' and '-'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic '" + name + "' needs at least 1 partition");
    }
    this.name = name;
    this.keySpec = Objects.requireNonNull(keySpec);
    this.valueSpec = Objects.requireNonNull(valueSpec);
    this.partitions = partitions;
    this.configs = Map.copyOf(configs);
    this.description = description;
  }

  /** The topic name. */
  public String name() {
    return name;
  }

  /** Default partition count when the system creates the topic. */
  public int partitions() {
    return partitions;
  }

  /** Topic-level configs the system creates the topic with (cleanup policy, message size...). */
  public Map<String, String> configs() {
    return configs;
  }

  /** What flows through the topic, for docs and logs. */
  public String description() {
    return description;
  }

  /** The same topic under another name (deployments that prefix or rename topics). */
  public Topic<K, V> withName(String newName) {
    return new Topic<>(newName, keySpec, valueSpec, partitions, configs, description);
  }

  /** The same topic with another default partition count. */
  public Topic<K, V> withPartitions(int count) {
    return new Topic<>(name, keySpec, valueSpec, count, configs, description);
  }

  /** A configured serde for the keys. */
  public Serde<K> keySerde(AvroSerdeConfig config) {
    return keySpec.create(config, true);
  }

  /** A configured serde for the values. */
  public Serde<V> valueSerde(AvroSerdeConfig config) {
    return valueSpec.create(config, false);
  }

  @Override
  public String toString() {
    return name;
  }
}
