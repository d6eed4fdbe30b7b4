/**
 * Kafka for the one-command mode and the integration tests: {@link
 * io.camreasoner.platform.kafka.EmbeddedKafkaBroker}, a single-node KRaft broker in a child JVM
 * that can be stopped, SIGKILLed and restarted on the same data directory, and {@link
 * io.camreasoner.platform.kafka.KafkaTopics}, which creates the topic registry's topics
 * idempotently.
 */
package io.camreasoner.platform.kafka;
