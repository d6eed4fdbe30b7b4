/**
 * Decoding with JavaCV/FFmpeg: opening files and network sources with timeouts, classifying
 * failures into one clear reason, and yielding numbered, timestamped BGR frames. No Kafka here.
 */
package io.camreasoner.ingest.decode;
