package io.camreasoner.synth;

/** What the camera looks at. */
public enum SceneKind {
  /**
   * A far textured background and several textured cards at distinct nearer depths: real parallax.
   */
  LAYERED_3D,
  /**
   * One far textured plane only: translation and rotation look alike from two views. Clips of this
   * kind with a translating camera are flagged {@code flat} in the labels: no geometry can tell
   * them apart.
   */
  FLAT,
  /**
   * A virtual camera rotating and zooming over one large procedural image (exact 2D homographies).
   */
  IMAGE_2D,
  /** A still camera over a layered scene with independently moving objects crossing it. */
  STATIC_WITH_MOVERS
}
