package io.camreasoner.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camreasoner.schemas.MotionLabel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The ground truth written beside synthetic clips: per clip its file, format, cuts, transitions and
 * shots with frame ranges ({@code endFrame} exclusive, like design.md's JSON) and labels.
 */
public final class LabelsJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LabelsJson() {}

  /**
   * Ground truth of one shot.
   *
   * @param index 0-based shot index
   * @param startFrame first frame (inclusive)
   * @param endFrame frame after the last (exclusive)
   * @param labels camera-motion labels (kebab-case)
   * @param scene scene kind
   * @param flat true when the shot translates over a flat scene (translation and rotation look
   *     alike)
   * @param flashFrames frames (absolute) with a brightness flash, which are not cuts
   */
  public record ShotLabels(
      int index,
      int startFrame,
      int endFrame,
      List<String> labels,
      String scene,
      boolean flat,
      List<Integer> flashFrames) {}

  /**
   * Ground truth of one transition (design.md's {@code transitions} entry).
   *
   * @param type cut, dissolve, fade-out or fade-in
   * @param startFrame first frame (a cut's: the first frame of the new shot)
   * @param endFrame frame after the last (exclusive; a cut spans one frame)
   */
  public record TransitionLabels(String type, int startFrame, int endFrame) {}

  /**
   * Ground truth of one clip file.
   *
   * @param file file name relative to the labels file
   * @param fps frames per second
   * @param frames total frames
   * @param width frame width
   * @param height frame height
   * @param cuts first frame of every shot that follows a hard cut
   * @param transitions every transition in order (cuts included); shots are the stretches between
   *     them
   * @param shots the shots in order
   */
  public record ClipLabels(
      String file,
      double fps,
      int frames,
      int width,
      int height,
      List<Integer> cuts,
      List<TransitionLabels> transitions,
      List<ShotLabels> shots) {}

  /** The whole labels file. */
  public record LabelsFile(long seed, List<ClipLabels> clips) {}

  /** Ground truth of a programme written to {@code file}. */
  public static ClipLabels of(String file, Programme p) {
    List<ShotLabels> shots =
        p.shots().stream()
            .map(
                s ->
                    new ShotLabels(
                        s.index(),
                        s.startFrame(),
                        s.endFrame(),
                        s.spec().labels().stream().map(MotionLabel::label).toList(),
                        s.spec().scene().name(),
                        s.spec().ambiguous(),
                        s.spec().flashFrames().stream().map(f -> f + s.specStart()).toList()))
            .toList();
    List<TransitionLabels> transitions =
        p.transitions().stream()
            .map(t -> new TransitionLabels(t.type().wire(), t.startFrame(), t.endFrame()))
            .toList();
    return new ClipLabels(
        file, p.fps(), p.frames(), p.width(), p.height(), p.cuts(), transitions, shots);
  }

  /** Writes a labels file. */
  public static void write(Path path, LabelsFile labels) throws IOException {
    JSON.writeValue(path.toFile(), labels);
  }

  /** Reads a labels file. */
  public static LabelsFile read(Path path) throws IOException {
    return JSON.readValue(path.toFile(), LabelsFile.class);
  }

  /** The labels as JSON text. */
  public static String toJson(LabelsFile labels) throws IOException {
    return JSON.writeValueAsString(labels);
  }
}
