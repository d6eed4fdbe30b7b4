package io.camreasoner.worker.backend.vlm;

import io.camreasoner.schemas.MotionLabel;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The question texts CamReasoner-7B was trained on, in the shape its public repository uses: a
 * question about the clip, lettered options, then the instruction to write the observation of frame
 * differences in {@code <observation>}, the reasoning in {@code <think>} and only the option letter
 * in {@code <answer>}.
 *
 * <p>Multiple-choice options are lettered A..O in {@link MotionLabel} order, so {@link
 * #letterOf(MotionLabel)} and {@link #labelOfLetter(char)} are inverse. Per-primitive questions
 * follow CameraBench's binary tasks ("Does the camera move downward (not tilting down) with respect
 * to the initial frame?", options "A. No" / "B. Yes").
 */
public final class CamReasonerPrompt {

  /** The letter of the "No" option in per-primitive questions. */
  public static final char NO = 'A';

  /** The letter of the "Yes" option in per-primitive questions. */
  public static final char YES = 'B';

  private static final String INSTRUCTION =
      "First look at the differences between the frames and describe the overall movement inside"
          + " <observation></observation> tags. Then reason about how the camera moves, using that"
          + " evidence, inside <think></think> tags. Finally give only the option letter inside"
          + " <answer></answer> tags.";

  private static final Map<MotionLabel, String> OPTION = new EnumMap<>(MotionLabel.class);
  private static final Map<MotionLabel, String> QUESTION = new EnumMap<>(MotionLabel.class);

  static {
    option(
        MotionLabel.STATIC, "The camera does not move (people or objects in the scene may).", "");
    option(
        MotionLabel.PAN_LEFT,
        "The camera pans left (rotates to its left without moving).",
        "pan to the left (rotating, not moving leftward)");
    option(
        MotionLabel.PAN_RIGHT,
        "The camera pans right (rotates to its right without moving).",
        "pan to the right (rotating, not moving rightward)");
    option(
        MotionLabel.TILT_UP,
        "The camera tilts up (rotates upward without moving).",
        "tilt up (rotating, not moving upward)");
    option(
        MotionLabel.TILT_DOWN,
        "The camera tilts down (rotates downward without moving).",
        "tilt down (rotating, not moving downward)");
    option(
        MotionLabel.ROLL_CW,
        "The camera rolls clockwise about its viewing axis.",
        "roll clockwise about its viewing axis");
    option(
        MotionLabel.ROLL_CCW,
        "The camera rolls counter-clockwise about its viewing axis.",
        "roll counter-clockwise about its viewing axis");
    option(
        MotionLabel.ZOOM_IN,
        "The camera zooms in (focal length grows, the camera does not move).",
        "zoom in (not moving forward)");
    option(
        MotionLabel.ZOOM_OUT,
        "The camera zooms out (focal length shrinks, the camera does not move).",
        "zoom out (not moving backward)");
    option(
        MotionLabel.DOLLY_IN,
        "The camera moves forward (dolly in, not zooming).",
        "move forward (not zooming in)");
    option(
        MotionLabel.DOLLY_OUT,
        "The camera moves backward (dolly out, not zooming).",
        "move backward (not zooming out)");
    option(
        MotionLabel.TRUCK_LEFT,
        "The camera moves to its left (truck left, not panning).",
        "move leftward (not panning left)");
    option(
        MotionLabel.TRUCK_RIGHT,
        "The camera moves to its right (truck right, not panning).",
        "move rightward (not panning right)");
    option(
        MotionLabel.PEDESTAL_UP,
        "The camera moves upward (pedestal up, not tilting).",
        "move upward (not tilting up)");
    option(
        MotionLabel.PEDESTAL_DOWN,
        "The camera moves downward (pedestal down, not tilting).",
        "move downward (not tilting down)");
  }

  private CamReasonerPrompt() {}

  private static void option(MotionLabel label, String option, String question) {
    OPTION.put(label, option);
    if (!question.isEmpty()) {
      QUESTION.put(label, question);
    }
  }

  /** The option letter of a label in the multiple-choice question (A for static .. O). */
  public static char letterOf(MotionLabel label) {
    return (char) ('A' + label.ordinal());
  }

  /** The label of a multiple-choice option letter, or null when the letter is not an option. */
  public static MotionLabel labelOfLetter(char letter) {
    int i = Character.toUpperCase(letter) - 'A';
    MotionLabel[] all = MotionLabel.values();
    return i >= 0 && i < all.length ? all[i] : null;
  }

  /** The labels asked about one by one in per-primitive mode (all but static). */
  public static List<MotionLabel> primitives() {
    return List.copyOf(QUESTION.keySet());
  }

  /** The text sent before the images: what they are. */
  public static String preamble(int frameCount, double firstSec, double lastSec) {
    return String.format(
        Locale.ROOT,
        "The following %d images are frames sampled in order from one shot of a video, from"
            + " %.2f s to %.2f s.",
        frameCount,
        firstSec,
        lastSec);
  }

  /** The multiple-choice question over the whole vocabulary, with lettered options. */
  public static String multipleChoiceQuestion() {
    StringBuilder sb =
        new StringBuilder(
            "Which option describes how the camera moves across these frames, with respect to"
                + " the initial frame? If several movements combine, give every matching letter,"
                + " separated by commas.\nOptions:\n");
    for (MotionLabel l : MotionLabel.values()) {
      sb.append(letterOf(l)).append(". ").append(OPTION.get(l)).append('\n');
    }
    return sb.append(INSTRUCTION).toString();
  }

  /** The yes/no question about one moving label. */
  public static String primitiveQuestion(MotionLabel label) {
    String q = QUESTION.get(label);
    if (q == null) {
      throw new IllegalArgumentException("no per-primitive question for " + label);
    }
    return "Does the camera "
        + q
        + " with respect to the initial frame?\nOptions:\n"
        + NO
        + ". No\n"
        + YES
        + ". Yes\n"
        + INSTRUCTION;
  }
}
