package io.camreasoner.bench;

import picocli.CommandLine.Option;

/**
 * The frame size of the programmes a throughput bench renders (a picocli mixin), 640x360 unless
 * told otherwise: the size the targets are stated for.
 */
public final class FrameSizeOptions {
  @Option(
      names = "--width",
      defaultValue = "640",
      description = "Frame width (default ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "360",
      description = "Frame height (default ${DEFAULT-VALUE}).")
  int height;

  /** Frame width in pixels. */
  public int width() {
    return width;
  }

  /** Frame height in pixels. */
  public int height() {
    return height;
  }
}
