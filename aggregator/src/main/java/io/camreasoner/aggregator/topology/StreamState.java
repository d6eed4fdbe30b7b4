package io.camreasoner.aggregator.topology;

import io.camreasoner.aggregator.fold.TimelineId;
import java.util.List;
import java.util.TreeSet;

/**
 * What the aggregator keeps per timeline (stream, session, producer): the current (highest started)
 * shot, which shots are still open, when the stream was last heard from (wall clock) and whether it
 * has ended. Lets the first window of the next shot close the previous one even when late windows
 * of older shots arrive.
 *
 * @param id the timeline: stream, ingest session and producer
 * @param currentShot highest shot index seen, -1 before the first window
 * @param openShots indices of shots not yet closed, ascending
 * @param shotCount number of shots known (highest index + 1)
 * @param lastSeenMs wall-clock time of the stream's last event
 * @param ended whether the end-of-stream marker arrived
 * @param error the stream's error from its end-of-stream marker, null if none
 */
public record StreamState(
    TimelineId id,
    String source,
    int currentShot,
    List<Integer> openShots,
    int shotCount,
    long lastSeenMs,
    boolean ended,
    String error) {

  /** Copies the list so the record stays immutable. */
  public StreamState {
    openShots = List.copyOf(openShots);
  }

  static StreamState first(TimelineId id, String source) {
    return new StreamState(id, source, -1, List.of(), 0, 0, false, null);
  }

  StreamState seenAt(long nowMs) {
    return new StreamState(id, source, currentShot, openShots, shotCount, nowMs, ended, error);
  }

  StreamState withCurrentShot(int shot) {
    return new StreamState(
        id,
        source,
        Math.max(currentShot, shot),
        openShots,
        Math.max(shotCount, shot + 1),
        lastSeenMs,
        ended,
        error);
  }

  StreamState withShotKnown(int shot) {
    return new StreamState(
        id,
        source,
        currentShot,
        openShots,
        Math.max(shotCount, shot + 1),
        lastSeenMs,
        ended,
        error);
  }

  StreamState withOpen(int shot) {
    TreeSet<Integer> open = new TreeSet<>(openShots);
    open.add(shot);
    return new StreamState(
        id, source, currentShot, List.copyOf(open), shotCount, lastSeenMs, ended, error);
  }

  StreamState withoutOpenBelow(int shot) {
    return new StreamState(
        id,
        source,
        currentShot,
        openShots.stream().filter(s -> s >= shot).toList(),
        shotCount,
        lastSeenMs,
        ended,
        error);
  }

  StreamState withNoOpenShots() {
    return new StreamState(id, source, currentShot, List.of(), shotCount, lastSeenMs, ended, error);
  }

  StreamState endedWith(String streamError) {
    return new StreamState(
        id, source, currentShot, openShots, shotCount, lastSeenMs, true, streamError);
  }
}
