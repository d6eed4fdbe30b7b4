package io.camreasoner.aggregator.api;

import java.util.List;

/**
 * One stream as listed by {@code GET /api/streams}.
 *
 * @param shots number of shots known
 * @param currentShot highest shot index seen (-1 before the first window)
 * @param openShots indices of shots still open
 * @param ended whether the stream's end-of-stream marker arrived
 * @param error the stream's error, null if none
 * @param lastSeenMs wall-clock time of its last event
 */
public record StreamSummary(
    String streamId,
    String source,
    int shots,
    int currentShot,
    List<Integer> openShots,
    boolean ended,
    String error,
    long lastSeenMs) {}
