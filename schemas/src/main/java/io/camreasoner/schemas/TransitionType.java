package io.camreasoner.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How one shot gives way to the next (design.md's {@code transitions}): messages and the JSON carry
 * the kebab-case {@link #wire()} strings. A {@link #CUT} spans one frame, the first frame of the
 * new shot (the frame {@code cuts} lists); a gradual transition spans the frames that belong to
 * neither shot: the blended frames of a {@link #DISSOLVE}, the darkening frames and the black that
 * follows them of a {@link #FADE_OUT}, the black and the brightening frames of a {@link #FADE_IN}
 * (black after a fade-out belongs to the fade-out).
 */
public enum TransitionType {
  CUT("cut"),
  DISSOLVE("dissolve"),
  FADE_OUT("fade-out"),
  FADE_IN("fade-in");

  private final String wire;

  TransitionType(String wire) {
    this.wire = wire;
  }

  /** The kebab-case name messages and the JSON carry. */
  public String wire() {
    return wire;
  }

  /** True for the transitions whose frames belong to no shot (all but a cut). */
  public boolean gradual() {
    return this != CUT;
  }

  /** The type of a wire name, if it is one. */
  public static Optional<TransitionType> fromWire(String wire) {
    String w = wire == null ? "" : wire.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.wire.equals(w)).findFirst();
  }

  @Override
  public String toString() {
    return wire;
  }
}
