/**
 * The Confluent Schema Registry REST client: {@link
 * io.camreasoner.schemas.registry.SchemaRegistryClient} and its HTTP implementation, with the
 * exceptions that name subject and reason. Hand-written because Confluent's own client is not
 * served by the Maven repository this project builds from; it speaks the documented REST API, so it
 * works against Confluent Schema Registry, Karapace, Redpanda, Apicurio's ccompat API and the
 * embedded registry in {@code registry.server}. No Kafka code lives here.
 */
package io.camreasoner.schemas.registry;
