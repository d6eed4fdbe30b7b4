/**
 * Publishing to Kafka: the one place in ingest that knows Kafka. Windows become FrameWindow records
 * (Confluent-wire-format Avro through the topic registry's serde) sent by an idempotent, acks=all
 * producer keyed by stream id.
 */
package io.camreasoner.ingest.publish;
