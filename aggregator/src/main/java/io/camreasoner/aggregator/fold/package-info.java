/**
 * The shot-timeline fold: plain classes (no Kafka) that turn the motion events of one shot into a
 * {@link io.camreasoner.schemas.avro.ShotTimeline} — ordering by window sequence, dropping
 * duplicates, merging equal-label windows into segments, absorbing one-window flickers and
 * undecided label changes (hysteresis) and picking a representative O-T-A explanation per segment.
 * Kafka Streams code lives in {@code topology}, not here; everything here is testable in
 * milliseconds.
 */
package io.camreasoner.aggregator.fold;
