/**
 * The aggregator: Kafka Streams folding motion events into shot timelines, with query API and
 * dashboard.
 */
package io.camreasoner.aggregator;
