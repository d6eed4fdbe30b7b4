/**
 * Example consumers for integrators: {@link io.camreasoner.examples.TimelineConsumer} reads the
 * shot-timelines or motion-events topic through the schema registry and prints one line per record.
 * Depends on the {@code schemas} artifact only (topics, generated classes, serdes); the Python
 * consumer lives in {@code examples/python-consumer/}.
 */
package io.camreasoner.examples;
