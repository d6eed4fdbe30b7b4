package io.camreasoner.aggregator.testing;

import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Motion events for tests: a stream of fixed-length windows at 25 fps, each with labels and a
 * confidence, as the inference worker would publish them.
 */
public final class TestEvents {

  /** Frames per window in these fixtures. */
  public static final int WINDOW_FRAMES = 10;

  /** Frame rate of these fixtures. */
  public static final double FPS = 25.0;

  private TestEvents() {}

  /**
   * A window event: window {@code seq} of shot {@code shot} starting at {@code shotStart}; frames
   * {@code seq * 10 .. seq * 10 + 9}; every chosen label scored {@code confidence}.
   */
  public static MotionEvent window(
      String stream, int shot, long shotStart, long seq, double confidence, String... labels) {
    long first = seq * WINDOW_FRAMES;
    long last = first + WINDOW_FRAMES - 1;
    Map<String, Double> scores = new TreeMap<>();
    for (String l : List.of("static", "pan-left", "pan-right", "zoom-in", "tilt-up")) {
      scores.put(l, 0.05);
    }
    for (String l : labels) {
      scores.put(l, confidence);
    }
    return base(stream, seq, shot, first, last)
        .setLabels(new ArrayList<>(Arrays.asList(labels)))
        .setScores(scores)
        .setObservation("window " + seq + " observed " + String.join("+", labels))
        .setThinking("window " + seq + " reasoned")
        .setAnswer(String.join(", ", labels))
        .setShotStartFrame(shotStart)
        .build();
  }

  /**
   * The event with measured cues, as a reasoner that measures them sets them: pan and tilt in
   * degrees per second, roll in degrees per second, scale change per second, translation speed in
   * frame-widths per second, mover share, and the steadiness with its shake (null leaves a cue
   * unmeasured).
   */
  public static MotionEvent withCues(
      MotionEvent e,
      Double pan,
      Double tilt,
      Double roll,
      Double scaleRate,
      Double translation,
      Double movers,
      String steadiness) {
    MotionCues cues =
        MotionCues.newBuilder(e.getCues())
            .setPanRate(pan)
            .setTiltRate(tilt)
            .setRollRate(roll)
            .setScaleRate(scaleRate)
            .setTranslationSpeed(translation)
            .setMovingObjectShare(movers)
            .setSteadiness(steadiness)
            .setShake(steadiness == null ? null : SHAKE.get(steadiness))
            .build();
    return MotionEvent.newBuilder(e).setCues(cues).build();
  }

  /** The event with a shot thumbnail, as the worker sets it on a shot's first window. */
  public static MotionEvent withThumbnail(MotionEvent e, byte[] jpeg) {
    return MotionEvent.newBuilder(e).setThumbnail(java.nio.ByteBuffer.wrap(jpeg)).build();
  }

  /** A JPEG of one colour, {@code width} x {@code height} pixels. */
  public static byte[] jpeg(int width, int height, int rgb) {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(
            width, height, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "jpg", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A shake (frame-widths) typical of each steadiness, for fixtures. */
  private static final Map<String, Double> SHAKE =
      Map.of("steady", 0.0002, "slight-shake", 0.002, "handheld", 0.01);

  /** The stream's end-of-stream marker: {@code frames} frames in all, the given cuts, an error. */
  public static MotionEvent endOfStream(
      String stream, long seq, int lastShot, long frames, List<Long> cuts, String error) {
    return base(stream, seq, lastShot, frames - 1, frames - 1)
        .setLabels(List.of())
        .setScores(Map.of())
        .setObservation("")
        .setThinking("")
        .setAnswer("")
        .setEndOfStream(true)
        .setCuts(cuts)
        .setError(error)
        .build();
  }

  private static MotionEvent.Builder base(
      String stream, long seq, int shot, long first, long last) {
    return MotionEvent.newBuilder()
        .setStreamId(stream)
        .setSource("clips/" + stream + ".mp4")
        .setWindowSeq(seq)
        .setShotIndex(shot)
        .setFirstFrame(first)
        .setLastFrame(last)
        .setStartMicros((long) (first / FPS * 1_000_000))
        .setEndMicros((long) (last / FPS * 1_000_000))
        .setFps(FPS)
        .setCues(MotionCues.newBuilder().build())
        .setBackend("test")
        .setModelVersion("1");
  }
}
