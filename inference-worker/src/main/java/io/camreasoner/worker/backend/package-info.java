/**
 * The reasoner backends behind one interface: {@link io.camreasoner.worker.backend.ReasonerBackend}
 * takes decoded windows and returns labels, scores and Observation-Thinking-Answer text, knowing
 * nothing of Kafka. {@link io.camreasoner.worker.backend.BackendFactory} builds one instance per
 * processing thread from configuration ({@code reasoner.backend} = geometry, model or vlm).
 *
 * <p>Implementations live in sub-packages ({@code .geometry}, {@code .model}, {@code .vlm}); no
 * Kafka client types may appear here.
 */
package io.camreasoner.worker.backend;
