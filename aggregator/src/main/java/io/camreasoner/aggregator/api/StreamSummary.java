package io.camreasoner.aggregator.api;

import java.util.List;

/**
 * One timeline of a stream as listed by {@code GET /api/streams}: a stream has one per ingest
 * session and producer.
 *
 * @param session the ingest session (0 for an archive; see {@code FrameWindow.session})
 * @param producer what produced its events (backend@modelVersion#settings)
 * @param shots number of shots known
 * @param currentShot highest shot index seen (-1 before the first window)
 * @param openShots indices of shots still open
 * @param ended whether the stream's end-of-stream marker arrived
 * @param error the stream's error, null if none
 * @param lastSeenMs wall-clock time of its last event
 */
public record StreamSummary(
    String streamId,
    long session,
    String producer,
    String source,
    int shots,
    int currentShot,
    List<Integer> openShots,
    boolean ended,
    String error,
    long lastSeenMs) {}
