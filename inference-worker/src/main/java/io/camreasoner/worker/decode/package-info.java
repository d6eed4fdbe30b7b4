/**
 * Turns consumed {@code FrameWindow}s into {@link io.camreasoner.worker.backend.DecodedWindow}s:
 * JPEG decoding and the checks that make a window fit for reasoning. Failures here are per-record
 * and never retriable (the bytes will not change); no Kafka types.
 */
package io.camreasoner.worker.decode;
