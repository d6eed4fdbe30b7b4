package io.camreasoner.worker.backend.vlm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model reply split into its Observation-Thinking-Answer parts, parsed tolerantly: tags in any
 * case, an unclosed last tag, text around the tags, or no tags at all.
 *
 * @param observation text of {@code <observation>}, empty if absent
 * @param thinking text of {@code <think>}, empty if absent
 * @param answer text of {@code <answer>}; when that tag is missing, the reply's last non-empty line
 *     after any closed tag (models often end with "Answer: B")
 * @param wellFormed true when all three tags were present and closed
 */
public record OtaReply(String observation, String thinking, String answer, boolean wellFormed) {

  private static final Pattern LAST_CLOSE =
      Pattern.compile("</(observation|think|answer)>", Pattern.CASE_INSENSITIVE);

  /** Parses a raw reply; never fails. */
  public static OtaReply parse(String reply) {
    String text = reply == null ? "" : reply.strip();
    Part obs = part(text, "observation");
    Part think = part(text, "think");
    Part ans = part(text, "answer");
    String answer = ans.text;
    if (!ans.found) {
      answer = lastLineAfterTags(text);
    }
    boolean wellFormed = obs.closed && think.closed && ans.closed;
    return new OtaReply(obs.text, think.text, answer, wellFormed);
  }

  private record Part(String text, boolean found, boolean closed) {}

  private static Part part(String text, String tag) {
    Matcher closed =
        Pattern.compile(
                "<" + tag + ">(.*?)</" + tag + ">", Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
            .matcher(text);
    if (closed.find()) {
      return new Part(closed.group(1).strip(), true, true);
    }
    Matcher open =
        Pattern.compile(
                "<" + tag + ">(.*?)(?=<[a-z/]+>|$)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
            .matcher(text);
    if (open.find()) {
      return new Part(open.group(1).strip(), true, false);
    }
    return new Part("", false, false);
  }

  private static String lastLineAfterTags(String text) {
    Matcher m = LAST_CLOSE.matcher(text);
    int from = 0;
    while (m.find()) {
      from = m.end();
    }
    String[] lines = text.substring(from).split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (!line.isEmpty()) {
        return line;
      }
    }
    return "";
  }
}
