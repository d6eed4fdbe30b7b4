package io.camreasoner.worker.backend.vlm;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the {@code <answer>} of a reply to labels of the vocabulary: option letters first, then
 * label names ({@code pan-left}, "pan left"), then free-text phrases ("the camera is panning to the
 * left", "moves forward"). What cannot be mapped yields nothing and is kept verbatim by the caller.
 */
public final class AnswerMapper {

  private static final Pattern LETTER =
      Pattern.compile("(?<![A-Za-z])([A-Za-z])(?![A-Za-z])(?:\\s*[.):])?");
  private static final Map<MotionLabel, Pattern> PHRASES = new LinkedHashMap<>();

  static {
    String gap = "(?:\\s+\\w+){0,3}?\\s+"; // "pans slowly to the left"
    phrase(
        MotionLabel.STATIC,
        "static|stationary|still|does not move|doesn t move|no camera (?:motion|movement)|not moving");
    phrase(MotionLabel.PAN_LEFT, "pan(?:s|ning|ned)?" + gap + "left");
    phrase(MotionLabel.PAN_RIGHT, "pan(?:s|ning|ned)?" + gap + "right");
    phrase(MotionLabel.TILT_UP, "tilt(?:s|ing|ed)?" + gap + "up(?:ward)?s?");
    phrase(MotionLabel.TILT_DOWN, "tilt(?:s|ing|ed)?" + gap + "down(?:ward)?s?");
    phrase(MotionLabel.ROLL_CCW, "roll(?:s|ing|ed)?" + gap + "(?:counter|anti)\\s?clockwise");
    phrase(
        MotionLabel.ROLL_CW,
        "roll(?:s|ing|ed)?" + gap + "(?<!counter |anti |counter|anti)clockwise");
    phrase(MotionLabel.ZOOM_IN, "zoom(?:s|ing|ed)?\\s+in");
    phrase(MotionLabel.ZOOM_OUT, "zoom(?:s|ing|ed)?\\s+out");
    phrase(
        MotionLabel.DOLLY_IN,
        "dolly(?:ing)?\\s+in|dollies\\s+in|(?:move|moves|moving|pushes|pushing|push)"
            + gap
            + "(?:forward|in)");
    phrase(
        MotionLabel.DOLLY_OUT,
        "dolly(?:ing)?\\s+out|dollies\\s+out|(?:move|moves|moving|pulls|pulling|pull)"
            + gap
            + "(?:backward|back|out)");
    phrase(
        MotionLabel.TRUCK_LEFT,
        "truck(?:s|ing)?" + gap + "left|(?:move|moves|moving)" + gap + "(?:to the )?left(?:ward)?");
    phrase(
        MotionLabel.TRUCK_RIGHT,
        "truck(?:s|ing)?"
            + gap
            + "right|(?:move|moves|moving)"
            + gap
            + "(?:to the )?right(?:ward)?");
    phrase(
        MotionLabel.PEDESTAL_UP,
        "pedestal(?:s|ing)?"
            + gap
            + "up|(?:move|moves|moving|rises|rising|cranes)"
            + gap
            + "up(?:ward)?");
    phrase(
        MotionLabel.PEDESTAL_DOWN,
        "pedestal(?:s|ing)?"
            + gap
            + "down|(?:move|moves|moving|lowers|descends|cranes)"
            + gap
            + "down(?:ward)?");
  }

  private AnswerMapper() {}

  private static void phrase(MotionLabel label, String regex) {
    PHRASES.put(
        label,
        Pattern.compile(
            "(?<![a-z])(?:" + label.label().replace("-", "[ -]") + "|" + regex + ")(?![a-z])"));
  }

  /** How an answer was mapped. */
  public enum Match {
    /** Every option letter given was valid. */
    LETTERS,
    /** No valid letter; labels found by name or phrase. */
    TEXT,
    /** Nothing in the answer maps to the vocabulary. */
    NONE
  }

  /** Labels found in an answer and how. */
  public record Mapped(List<MotionLabel> labels, Match match) {}

  /**
   * Maps a multiple-choice answer. Letters outside the options, or a mix of valid and invalid
   * letters, do not count as a letter answer; the text is then searched for label names and
   * phrases.
   */
  public static Mapped multipleChoice(String answer) {
    String a = answer == null ? "" : answer.strip();
    Optional<List<MotionLabel>> letters = letters(a);
    if (letters.isPresent()) {
      return new Mapped(normalise(letters.get()), Match.LETTERS);
    }
    List<MotionLabel> byText = byText(a);
    return byText.isEmpty()
        ? new Mapped(List.of(), Match.NONE)
        : new Mapped(normalise(byText), Match.TEXT);
  }

  /**
   * Maps a yes/no answer: the option letter ({@link CamReasonerPrompt#YES}/{@link
   * CamReasonerPrompt#NO}) or the words yes/no; empty when it is neither.
   */
  public static Optional<Boolean> yesNo(String answer) {
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    boolean yes = Pattern.compile("(?<![a-z])yes(?![a-z])").matcher(a).find();
    boolean no = Pattern.compile("(?<![a-z])no(?![a-z])").matcher(a).find();
    if (yes != no) {
      return Optional.of(yes);
    }
    Optional<Character> letter = singleLetter(a);
    if (letter.isPresent()) {
      char c = Character.toUpperCase(letter.get());
      if (c == CamReasonerPrompt.YES) {
        return Optional.of(true);
      }
      if (c == CamReasonerPrompt.NO) {
        return Optional.of(false);
      }
    }
    return Optional.empty();
  }

  private static Optional<Character> singleLetter(String a) {
    Matcher m = LETTER.matcher(a);
    Character found = null;
    while (m.find()) {
      if (found != null) {
        return Optional.empty();
      }
      found = m.group(1).charAt(0);
    }
    return Optional.ofNullable(found);
  }

  /**
   * Valid option letters of an answer made of letters only ("B", "B, D", "(C)", "Answer: B") or
   * starting with a lettered option ("B. The camera pans right"). Empty when there is no such
   * letter or one of them is not an option.
   */
  private static Optional<List<MotionLabel>> letters(String a) {
    String cleaned =
        a.replaceAll("(?i)(?<![a-z])(options?|answer|and)(?![a-z])", " ")
            .replaceAll("[,;&()\\[\\].:]", " ")
            .strip();
    List<Character> chars = new ArrayList<>();
    if (!cleaned.isEmpty() && cleaned.matches("[A-Za-z](\\s+[A-Za-z])*")) {
      for (String token : cleaned.split("\\s+")) {
        chars.add(token.charAt(0));
      }
    } else {
      Matcher lead = Pattern.compile("^\\(?([A-Z])[.):]\\s").matcher(a + " ");
      if (!lead.find()) {
        return Optional.empty();
      }
      chars.add(lead.group(1).charAt(0));
    }
    List<MotionLabel> labels = new ArrayList<>();
    for (char c : chars) {
      MotionLabel l = CamReasonerPrompt.labelOfLetter(c);
      if (l == null) {
        return Optional.empty();
      }
      labels.add(l);
    }
    return Optional.of(labels);
  }

  private static List<MotionLabel> byText(String a) {
    String t = a.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ").strip();
    List<MotionLabel> found = new ArrayList<>();
    for (Map.Entry<MotionLabel, Pattern> e : PHRASES.entrySet()) {
      if (e.getValue().matcher(t).find()) {
        found.add(e.getKey());
      }
    }
    return found;
  }

  /**
   * Removes duplicates and contradictions: both directions of one family cancel out; {@code static}
   * together with motion labels is dropped (a motion was named).
   */
  static List<MotionLabel> normalise(List<MotionLabel> labels) {
    Set<MotionLabel> set = EnumSet.noneOf(MotionLabel.class);
    set.addAll(labels);
    Set<MotionLabel> given = EnumSet.copyOf(set);
    set.removeIf(l -> l != MotionLabel.STATIC && given.contains(l.opposite()));
    if (set.size() > 1) {
      set.remove(MotionLabel.STATIC);
    }
    return List.copyOf(set);
  }
}
