package io.camreasoner.aggregator.fold;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Camera steadiness as CameraBench labels it, from the steadiest to the shakiest. The reasoner
 * decides a window's steadiness from its cue {@code shake} (the high-frequency part of the fitted
 * camera path; the thresholds live in the reasoner); a segment takes the steadiness of most of its
 * windows.
 */
public enum Steadiness {
  /** Tripod-steady: no jitter beyond the measurement's noise. */
  STEADY("steady"),
  /** Slight shake: a little jitter, e.g. a stabilised handheld or a shoulder rig. */
  SLIGHT_SHAKE("slight-shake"),
  /** Handheld shake: clearly visible jitter. */
  HANDHELD("handheld");

  private final String wire;

  Steadiness(String wire) {
    this.wire = wire;
  }

  /** The name in events, timelines and exports ({@code steady}, {@code slight-shake}, ...). */
  public String wire() {
    return wire;
  }

  /** The steadiness a cue names; empty for null and for names not in the vocabulary. */
  public static Optional<Steadiness> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Steadiness s : values()) {
      if (s.wire.equals(n)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The steadiness of most of these windows: the median of the known values, on a tie (an even
   * count) the steadier of the two middle ones, so one window shaken by a flash or a large mover
   * does not make a tripod shot handheld while a shot shaken throughout is; empty when none names a
   * known steadiness.
   */
  public static Optional<Steadiness> typical(Collection<String> names) {
    List<Steadiness> known =
        names.stream().map(Steadiness::fromWire).flatMap(Optional::stream).sorted().toList();
    return known.isEmpty() ? Optional.empty() : Optional.of(known.get((known.size() - 1) / 2));
  }
}
