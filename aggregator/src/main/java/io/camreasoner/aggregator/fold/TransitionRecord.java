package io.camreasoner.aggregator.fold;

import io.camreasoner.schemas.avro.Transition;
import java.util.List;

/**
 * What the fold keeps of one of the stream's transitions ({@link Transition}): a plain record, so
 * the persisted {@link ShotState} stays plain JSON. Immutable.
 *
 * @param type cut, dissolve, fade-out or fade-in ({@link io.camreasoner.schemas.TransitionType})
 * @param startFrame first frame of the transition
 * @param endFrame frame after its last
 */
public record TransitionRecord(String type, long startFrame, long endFrame) {

  /** The record of a message's transition. */
  public static TransitionRecord of(Transition t) {
    return new TransitionRecord(t.getType(), t.getStartFrame(), t.getEndFrame());
  }

  /** The records of a message's transitions, in order. */
  public static List<TransitionRecord> of(List<Transition> transitions) {
    return transitions.stream().map(TransitionRecord::of).toList();
  }

  /** The message form. */
  public Transition toAvro() {
    return new Transition(type, startFrame, endFrame);
  }
}
