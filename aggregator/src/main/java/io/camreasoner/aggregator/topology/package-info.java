/**
 * The Kafka Streams side of the aggregator: {@link
 * io.camreasoner.aggregator.topology.AggregatorTopology} (a pure builder of the topology from
 * {@link io.camreasoner.aggregator.topology.AggregatorConfig}), the processor that keeps per-shot
 * and per-stream state and decides when shots close, the state store serdes, and the dead-letter
 * handlers. Timeline arithmetic belongs in {@code fold}; HTTP in {@code api}.
 */
package io.camreasoner.aggregator.topology;
