/**
 * The {@code geometry} backend (default): adapts the geometric CamReasoner of module {@code
 * reasoner} to the worker's backend interface, and offers its measurements as the model backend's
 * cue source. Only translation between the two type worlds lives here; no geometry, no Kafka.
 */
package io.camreasoner.worker.backend.geometry;
