/**
 * Per-window motion curves: the {@link io.camreasoner.aggregator.curve.CurvePoint} of one window
 * (pan, tilt and roll in degrees per second, zoom factor per second, translation speed and the
 * share of the frame moving on its own, from its motion event's cues). One function builds a point
 * from an event; the fold's window records, the query API and {@code analyze}'s JSON all use it.
 * Plain classes, no Kafka.
 */
package io.camreasoner.aggregator.curve;
