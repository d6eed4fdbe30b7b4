package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Observation-Thinking-Answer text as CamReasoner emits it: {@code
 * <observation>…</observation><think>…</think><answer>…</answer>}. {@link #parse} splits such text
 * tolerantly (missing closing tags, missing parts, text around the tags, any letter case), so model
 * replies can be read with it too.
 *
 * @param observation the observation part, empty if absent
 * @param thinking the think part, empty if absent
 * @param answer the answer part, empty if absent
 */
public record OtaText(String observation, String thinking, String answer) {

  private static final String[] TAGS = {"observation", "think", "answer"};

  /** Formats the three parts as tagged text. */
  public static String format(String observation, String thinking, String answer) {
    return "<observation>"
        + observation
        + "</observation><think>"
        + thinking
        + "</think><answer>"
        + answer
        + "</answer>";
  }

  /** This text with its tags. */
  public String text() {
    return format(observation, thinking, answer);
  }

  /**
   * Splits tagged text. A part runs from its opening tag to its closing tag, or, when the closing
   * tag is missing, to the next opening tag or the end. Absent parts are empty strings; text
   * outside the tags is ignored; if no tag at all is present, the whole text becomes the answer.
   */
  public static OtaText parse(String text) {
    if (text == null) {
      return new OtaText("", "", "");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    String[] parts = new String[TAGS.length];
    boolean any = false;
    for (int i = 0; i < TAGS.length; i++) {
      String open = "<" + TAGS[i] + ">";
      int start = lower.indexOf(open);
      if (start < 0) {
        parts[i] = "";
        continue;
      }
      any = true;
      int from = start + open.length();
      int end = lower.indexOf("</" + TAGS[i] + ">", from);
      if (end < 0) {
        end = text.length();
        for (String other : TAGS) {
          int next = lower.indexOf("<" + other + ">", from);
          if (next >= 0 && next < end) {
            end = next;
          }
        }
      }
      parts[i] = text.substring(from, end).trim();
    }
    if (!any) {
      return new OtaText("", "", text.trim());
    }
    return new OtaText(parts[0], parts[1], parts[2]);
  }

  /**
   * The vocabulary labels named in the answer, in order, without duplicates; words that are not
   * labels are skipped ("pan left", "Pan-Left" and "pan_left" all read as {@code pan-left}).
   */
  public List<MotionLabel> answerLabels() {
    String[] words = answer.toLowerCase(Locale.ROOT).split("[^a-z]+");
    List<MotionLabel> out = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      Optional<MotionLabel> label = Optional.empty();
      if (i + 1 < words.length) {
        label = MotionLabel.parse(words[i] + "-" + words[i + 1]);
        if (label.isPresent()) {
          i++;
        }
      }
      if (label.isEmpty()) {
        label = MotionLabel.parse(words[i]);
      }
      if (label.isPresent() && !out.contains(label.get())) {
        out.add(label.get());
      }
    }
    return out;
  }
}
