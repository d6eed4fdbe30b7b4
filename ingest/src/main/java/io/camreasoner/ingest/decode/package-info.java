/**
 * Decoding with JavaCV/FFmpeg: opening files and network sources with timeouts, classifying
 * failures into one clear reason, and yielding numbered, timestamped, upright BGR frames; damaged
 * frames are skipped and counted, and a file cut short is told from one whose header lies. No Kafka
 * here.
 */
package io.camreasoner.ingest.decode;
