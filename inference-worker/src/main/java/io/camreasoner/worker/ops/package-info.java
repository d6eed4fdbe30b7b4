/**
 * The worker's operations endpoints: health and Prometheus metrics over the JDK's HTTP server. No
 * Kafka or reasoning code here.
 */
package io.camreasoner.worker.ops;
