/**
 * One stream's ingest pipeline: decode, detect cuts on every frame, window the sampled frames, hand
 * windows and the end-of-stream marker to a {@link io.camreasoner.ingest.pipeline.WindowSink}. Live
 * sources are paced and reconnected here. Kafka is only behind the sink.
 */
package io.camreasoner.ingest.pipeline;
