/**
 * Exports of one timeline ({@link io.camreasoner.aggregator.export.VideoTimeline}: one stream,
 * session and producer) to the formats other tools read: JSON Lines, CSV (a PySceneDetect-like
 * scene list), CMX3600 EDL, OpenTimelineIO, WebVTT and FFmpeg chapters, with SMPTE {@link
 * io.camreasoner.aggregator.export.Timecode}. Pure functions of the timeline: no Kafka, no HTTP, no
 * files; the query API and the launcher's {@code analyze} and {@code reprocess} call {@link
 * io.camreasoner.aggregator.export.Exports}. Depends on the schemas only.
 */
package io.camreasoner.aggregator.export;
