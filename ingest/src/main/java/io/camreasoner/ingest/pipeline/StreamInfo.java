package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.source.Source;

/**
 * What is known about a stream once it is open.
 *
 * @param source the source
 * @param fps frame rate (0 when the source never opened)
 * @param sourceWidth source width (0 when unknown)
 * @param sourceHeight source height (0 when unknown)
 * @param width analysis width of sampled frames
 * @param height analysis height of sampled frames
 * @param session the ingest session: 0 for an archive, the start time (epoch ms) of this ingest of
 *     a live source (see {@code FrameWindow.session})
 */
public record StreamInfo(
    Source source,
    double fps,
    int sourceWidth,
    int sourceHeight,
    int width,
    int height,
    long session) {

  /** The session of a source ingested now: 0 for an archive, the wall clock for a live source. */
  public static long sessionOf(Source source) {
    return source.live() ? System.currentTimeMillis() : 0;
  }
}
