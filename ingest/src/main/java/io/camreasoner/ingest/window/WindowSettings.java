package io.camreasoner.ingest.window;

import java.util.Locale;

/**
 * How frames are sampled and grouped.
 *
 * @param sampleFps sampled frames per second of video (on a grid restarting at every cut)
 * @param framesPerWindow sampled frames per window
 * @param hopFrames sampled frames between the starts of consecutive windows ({@code
 *     framesPerWindow} = no overlap)
 * @param analysisWidth width in pixels of sampled frames (height keeps the aspect ratio, even)
 * @param jpegQuality JPEG quality 1..100 of sampled frames
 * @param colour which sampled frames keep their colour; the others are grey JPEGs
 */
public record WindowSettings(
    double sampleFps,
    int framesPerWindow,
    int hopFrames,
    int analysisWidth,
    int jpegQuality,
    Colour colour) {

  /**
   * Which sampled frames are sent in colour. The geometry and model backends read only the grey
   * (luma) plane, and a grey JPEG costs about half of a colour one to encode and a third to decode
   * (320x180, quality 85: 0.44 against 0.73-0.98 ms, 0.13 against 0.16-0.40 ms) for the same luma
   * (0.005 grey levels apart on average) in two thirds of the bytes; the vlm backend shows the
   * frames to a model that sees colour.
   */
  public enum Colour {
    /** Each shot's first sampled frame in colour (its dashboard thumbnail), the rest grey. */
    FIRST,
    /** Every sampled frame in colour (what the vlm backend needs). */
    ALL;

    /** Whether a sampled frame is sent in colour; {@code shotFirst}: it is its shot's first. */
    public boolean keeps(boolean shotFirst) {
      return this == ALL || shotFirst;
    }

    /** The option value ({@code first}, {@code all}). */
    public String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The colour of an option value ({@code first}, {@code all}). */
    public static Colour ofOption(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** Validates the settings with messages naming the bad one. */
  public WindowSettings {
    if (!(sampleFps > 0 && sampleFps <= 120)) {
      throw new IllegalArgumentException(
          "window sample rate must be in (0, 120] fps, got " + sampleFps);
    }
    if (framesPerWindow < 2 || framesPerWindow > 64) {
      throw new IllegalArgumentException("frames per window must be 2..64, got " + framesPerWindow);
    }
    if (hopFrames < 1 || hopFrames > framesPerWindow) {
      throw new IllegalArgumentException(
          "window hop must be 1.." + framesPerWindow + " sampled frames, got " + hopFrames);
    }
    if (analysisWidth < 64 || analysisWidth > 3840) {
      throw new IllegalArgumentException(
          "analysis width must be 64..3840 px, got " + analysisWidth);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, got " + jpegQuality);
    }
    if (colour == null) {
      throw new IllegalArgumentException("window colour must be first or all");
    }
  }

  /**
   * Defaults: 12.5 sampled frames per second (every second frame of 25 fps video), 16 per window
   * (1.28 s), no overlap, 320 px wide, JPEG 85, colour only on each shot's first frame: the
   * sampling {@code bench accuracy} measures the reasoner on (every second frame, up to 16 frames).
   */
  public static WindowSettings defaults() {
    return new WindowSettings(12.5, 16, 16, 320, 85, Colour.FIRST);
  }

  /** These settings with other frames in colour. */
  public WindowSettings withColour(Colour colour) {
    return new WindowSettings(
        sampleFps, framesPerWindow, hopFrames, analysisWidth, jpegQuality, colour);
  }

  /** Analysis height for a source size: the aspect ratio kept, rounded to an even number. */
  public int analysisHeight(int sourceWidth, int sourceHeight) {
    int width = Math.min(analysisWidth, sourceWidth);
    int h = (int) Math.round(sourceHeight * (double) width / sourceWidth);
    return Math.max(2, h & ~1);
  }

  /** Analysis width for a source: never upscaled, even. */
  public int analysisWidthFor(int sourceWidth) {
    return Math.max(2, Math.min(analysisWidth, sourceWidth) & ~1);
  }
}
