package io.camreasoner.bench;

/** Where benchmark clips come from: deterministic, labelled clips by index. */
interface ClipSource {

  /** The clip at an index (the same index always gives the same clip). */
  Clip clip(int index);
}
