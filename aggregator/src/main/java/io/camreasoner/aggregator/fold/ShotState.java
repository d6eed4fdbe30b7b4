package io.camreasoner.aggregator.fold;

import io.camreasoner.schemas.avro.ShotStatus;
import java.util.List;

/**
 * The persisted state of one shot's fold (what the Streams state store holds per timeline + shot):
 * the distinct windows in sequence order plus what is known about the shot's bounds and status. The
 * timeline is a pure function of this state ({@link TimelineFold#timeline}), so folding the same
 * windows in any order and any number of times yields the same timeline.
 *
 * @param id whose timeline the shot belongs to (stream, session, producer)
 * @param shotStartFrame first frame of the shot as ingest reported it, -1 if unknown
 * @param endFrame exclusive end frame once known (next shot's cut, end of stream), -1 if unknown
 * @param closeReason {@link CloseReason#wire()} of a closed shot, null while open
 * @param cuts on the stream's last shot: every hard cut of the stream
 * @param transitions on the stream's last shot: every transition of the stream (cuts, dissolves,
 *     fades; empty in a state stored before transitions existed)
 */
public record ShotState(
    TimelineId id,
    String source,
    int shotIndex,
    long shotStartFrame,
    long endFrame,
    double fps,
    ShotStatus status,
    String closeReason,
    boolean lastShot,
    String streamError,
    List<Long> cuts,
    List<TransitionRecord> transitions,
    List<WindowRecord> windows) {

  /** Copies lists so the record stays immutable. */
  public ShotState {
    cuts = List.copyOf(cuts);
    transitions = transitions == null ? List.of() : List.copyOf(transitions);
    windows = List.copyOf(windows);
  }

  /** This state without its windows (what the shot store keeps; windows are stored apart). */
  public ShotState withoutWindows() {
    return withWindows(List.of());
  }

  /** This state with the given windows (in sequence order). */
  public ShotState withWindows(List<WindowRecord> ws) {
    return new ShotState(
        id,
        source,
        shotIndex,
        shotStartFrame,
        endFrame,
        fps,
        status,
        closeReason,
        lastShot,
        streamError,
        cuts,
        transitions,
        ws);
  }

  /** The state of a shot nothing is known of yet. */
  public static ShotState empty(TimelineId id, String source, int shotIndex) {
    return new ShotState(
        id,
        source,
        shotIndex,
        -1,
        -1,
        0.0,
        ShotStatus.OPEN,
        null,
        false,
        null,
        List.of(),
        List.of(),
        List.of());
  }
}
