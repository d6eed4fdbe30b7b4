/**
 * Frame windows: which frames are sampled, how they group into windows that never cross a cut, and
 * how sampled frames become JPEG at the analysis resolution. Pure computation; no decoding, no
 * Kafka.
 */
package io.camreasoner.ingest.window;
