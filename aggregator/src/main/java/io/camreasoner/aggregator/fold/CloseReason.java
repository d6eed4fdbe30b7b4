package io.camreasoner.aggregator.fold;

/** Why a shot's timeline was closed; {@link #wire()} is the value of {@code closeReason}. */
public enum CloseReason {
  /** The stream's next shot started: a hard cut is a fact, the shot is final. */
  NEXT_SHOT("next-shot"),
  /** The stream's end-of-stream marker arrived. */
  END_OF_STREAM("end-of-stream"),
  /**
   * No event for the stream within the idle time (wall clock). A guess, not a fact: a window that
   * arrives later for the same shot reopens it.
   */
  IDLE("idle");

  private final String wire;

  CloseReason(String wire) {
    this.wire = wire;
  }

  /** The kebab-case value written into {@code ShotTimeline.closeReason}. */
  public String wire() {
    return wire;
  }

  /** The reason for a wire value, or {@code null} for {@code null}. */
  public static CloseReason fromWire(String wire) {
    if (wire == null) {
      return null;
    }
    for (CloseReason r : values()) {
      if (r.wire.equals(wire)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown close reason '" + wire + "'");
  }
}
