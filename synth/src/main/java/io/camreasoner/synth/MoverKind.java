package io.camreasoner.synth;

/**
 * Kinds of object that move on their own in a {@link LayeredScene} ({@link LayeredScene#movers}):
 * each has the shape and speed range of its real counterpart, in units of the view, so a scene's
 * movers look alike at any depth.
 */
public enum MoverKind {
  /** One person: a tall card (width 0.4 of its height) walking 0.15-0.45 view widths/s. */
  WALKER(0.4, 0.15, 0.45, 1),
  /** A car or van: a wide card (2.4 times its height), 0.4-1.0 view widths/s, always sideways. */
  VEHICLE(2.4, 0.4, 1.0, 1),
  /** 3-8 people walking together: one shared velocity with a little spread per person. */
  CROWD(0.4, 0.12, 0.35, 3);

  private final double aspect;
  private final double minSpeed;
  private final double maxSpeed;
  private final int minMembers;

  MoverKind(double aspect, double minSpeed, double maxSpeed, int minMembers) {
    this.aspect = aspect;
    this.minSpeed = minSpeed;
    this.maxSpeed = maxSpeed;
    this.minMembers = minMembers;
  }

  /** Width over height of one member. */
  double aspect() {
    return aspect;
  }

  /** Slowest image speed, view widths per second. */
  double minSpeed() {
    return minSpeed;
  }

  /** Fastest image speed, view widths per second. */
  double maxSpeed() {
    return maxSpeed;
  }

  /** Fewest members of one group (1 but for crowds). */
  int minMembers() {
    return minMembers;
  }
}
