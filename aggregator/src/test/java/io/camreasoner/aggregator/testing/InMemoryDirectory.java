package io.camreasoner.aggregator.testing;

import io.camreasoner.aggregator.api.StreamSummary;
import io.camreasoner.aggregator.api.TimelineDirectory;
import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.fold.CloseReason;
import io.camreasoner.aggregator.fold.TimelineFold;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.WindowRecord;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TimelineDirectory} for HTTP tests: timelines folded in memory by the real {@link
 * TimelineFold}, and a fixed map of streams owned by other instances.
 */
public final class InMemoryDirectory implements TimelineDirectory {

  private final Map<TimelineId, Map<Integer, TimelineFold>> folds = new ConcurrentHashMap<>();
  private final Map<String, String> remoteOwners = new ConcurrentHashMap<>();
  private final List<String> others = new ArrayList<>();

  /** Folds a window event and returns the shot's new timeline. */
  public synchronized ShotTimeline fold(MotionEvent e) {
    TimelineId id = TimelineId.of(e);
    TimelineFold f =
        folds
            .computeIfAbsent(id, k -> new TreeMap<>())
            .computeIfAbsent(
                e.getShotIndex(), k -> TimelineFold.empty(id, e.getSource(), e.getShotIndex(), 1));
    f.add(e);
    // like the processor: a later shot closes the earlier ones at its cut
    folds
        .get(id)
        .forEach(
            (index, earlier) -> {
              if (index < e.getShotIndex()) {
                earlier.close(
                    CloseReason.NEXT_SHOT,
                    index == e.getShotIndex() - 1 ? e.getShotStartFrame() : -1);
              }
            });
    return f.timeline(System.currentTimeMillis());
  }

  /** Declares that {@code streamId} is owned by the instance at {@code hostPort}. */
  public void ownedElsewhere(String streamId, String hostPort) {
    remoteOwners.put(streamId, hostPort);
    if (!others.contains(hostPort)) {
      others.add(hostPort);
    }
  }

  @Override
  public synchronized List<StreamSummary> localStreams() {
    List<StreamSummary> out = new ArrayList<>();
    folds.forEach(
        (id, shots) -> {
          ShotTimeline last = shots.values().stream().reduce((a, b) -> b).orElseThrow().timeline(0);
          out.add(
              new StreamSummary(
                  id.streamId(),
                  id.session(),
                  id.producer(),
                  last.getSource(),
                  shots.size(),
                  last.getShotIndex(),
                  List.of(),
                  false,
                  null,
                  0));
        });
    return out;
  }

  @Override
  public synchronized List<ShotTimeline> localShots(String streamId) {
    List<ShotTimeline> out = new ArrayList<>();
    folds.forEach(
        (id, shots) -> {
          if (id.streamId().equals(streamId)) {
            shots.values().forEach(f -> out.add(f.timeline(0)));
          }
        });
    return out;
  }

  @Override
  public synchronized List<CurvePoint> localCurve(TimelineId timeline) {
    List<CurvePoint> out = new ArrayList<>();
    folds
        .getOrDefault(timeline, Map.of())
        .values()
        .forEach(
            f ->
                f.state().windows().stream()
                    .map(WindowRecord::curve)
                    .filter(java.util.Objects::nonNull)
                    .forEach(out::add));
    out.sort(CurvePoint.IN_TIME_ORDER);
    return out;
  }

  @Override
  public Optional<String> ownerElsewhere(String streamId) {
    return Optional.ofNullable(remoteOwners.get(streamId));
  }

  @Override
  public List<String> otherInstances() {
    return List.copyOf(others);
  }
}
