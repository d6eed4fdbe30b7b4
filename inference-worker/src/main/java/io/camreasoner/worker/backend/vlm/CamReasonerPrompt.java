package io.camreasoner.worker.backend.vlm;

import io.camreasoner.schemas.MotionLabel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The question texts in the shape CamReasoner-7B was trained on (its public repository's camera
 * template, in our words): the video's frames come first, then the question, {@code Options:} with
 * one lettered option per line, a blank line, and the instruction to describe the frame-to-frame
 * differences in {@code <observation>}, reason about the camera motion in {@code <think>} and give
 * only the single option letter in {@code <answer>}.
 *
 * <p>Multiple-choice options are lettered A..O in {@link MotionLabel} order, so {@link
 * #letterOf(MotionLabel)} and {@link #labelOfLetter(char)} are inverse. Per-primitive questions are
 * CameraBench's binary tasks as the model saw them: "Does the camera movement in this video match
 * the following description?", a blank line, the description as a question ("Does the camera pan to
 * the left?"), options "A. Yes" / "B. No".
 */
public final class CamReasonerPrompt {

  /** The letter of the "Yes" option in per-primitive questions (first, as in CameraBench). */
  public static final char YES = 'A';

  /** The letter of the "No" option in per-primitive questions. */
  public static final char NO = 'B';

  /** What every question ends with: how to look, and the answer format the model was trained on. */
  private static final String INSTRUCTION =
      "Analyse the video carefully, looking first at how the frames differ from one another,"
          + " above all the differences that show overall movement. In <observation> describe these"
          + " frame-to-frame differences and the overall movement they show. Then in <think> reason"
          + " about the camera motion from what you observed, explaining how the evidence leads to"
          + " the kind of camera movement. Finally give only the single option letter (e.g. A, B,"
          + " C) inside <answer> </answer> tags, following this format.";

  /** The lead-in of CameraBench's binary questions. */
  private static final String MATCH =
      "Does the camera movement in this video match the following description?";

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

  /**
   * The multiple-choice question over the whole vocabulary, with lettered options: one answer
   * letter, the model's trained format (a combined movement is the per-primitive mode's to find).
   */
  public static String multipleChoiceQuestion() {
    StringBuilder sb =
        new StringBuilder(
            "Which option best describes how the camera moves in this video, with respect to the"
                + " initial frame?\nOptions:\n");
    for (MotionLabel l : MotionLabel.values()) {
      sb.append(letterOf(l)).append(". ").append(OPTION.get(l)).append('\n');
    }
    return sb.append('\n').append(INSTRUCTION).toString();
  }

  /** The yes/no question about one moving label. */
  public static String primitiveQuestion(MotionLabel label) {
    String q = QUESTION.get(label);
    if (q == null) {
      throw new IllegalArgumentException("no per-primitive question for " + label);
    }
    return MATCH
        + "\n\nDoes the camera "
        + q
        + "?\nOptions:\n"
        + YES
        + ". Yes\n"
        + NO
        + ". No\n\n"
        + INSTRUCTION;
  }
}
