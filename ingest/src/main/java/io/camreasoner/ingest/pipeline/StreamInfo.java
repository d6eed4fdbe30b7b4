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
 */
public record StreamInfo(
    Source source, double fps, int sourceWidth, int sourceHeight, int width, int height) {}
