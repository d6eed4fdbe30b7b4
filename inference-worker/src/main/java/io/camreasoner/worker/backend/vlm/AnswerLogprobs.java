package io.camreasoner.worker.backend.vlm;

import io.camreasoner.worker.backend.vlm.ChatCompletionsClient.TokenLogprob;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the model's token log probabilities say about its answer: the probability it gave each
 * option letter at the place where it wrote the letter inside {@code <answer>}. That, not a fixed
 * number, is the confidence of a reply when the server returns log probabilities.
 */
final class AnswerLogprobs {
  private static final String ANSWER_TAG = "<answer>";

  private AnswerLogprobs() {}

  /**
   * The probabilities of the option letters at the answer, by upper-case letter; empty when the
   * reply has no log probabilities, no {@code <answer>} tag, or no letter right after it.
   */
  static Optional<Map<Character, Double>> letters(List<TokenLogprob> tokens) {
    StringBuilder text = new StringBuilder();
    int answerAt = -1;
    for (TokenLogprob t : tokens) {
      int before = text.length();
      text.append(t.token());
      if (answerAt < 0) {
        int tag = text.toString().toLowerCase(Locale.ROOT).indexOf(ANSWER_TAG);
        if (tag >= 0) {
          answerAt = tag + ANSWER_TAG.length();
        }
        if (answerAt < 0 || answerAt >= text.length()) {
          continue;
        }
      }
      String written = text.substring(Math.max(before, answerAt)).strip();
      if (written.isEmpty()) {
        continue; // whitespace between the tag and the letter
      }
      Character chosen = leadingLetter(written);
      if (chosen == null) {
        return Optional.empty(); // the answer is words, not a letter
      }
      Map<Character, Double> letters = new TreeMap<>();
      t.top()
          .forEach(
              (token, logprob) -> {
                Character c = leadingLetter(token.strip());
                if (c != null) {
                  letters.merge(c, Math.exp(logprob), Double::sum);
                }
              });
      letters.putIfAbsent(chosen, Math.exp(t.logprob()));
      return Optional.of(letters);
    }
    return Optional.empty();
  }

  /** The letter a token starts with when it is a single letter (optionally followed by a tag). */
  private static Character leadingLetter(String token) {
    if (token.isEmpty() || !Character.isLetter(token.charAt(0))) {
      return null;
    }
    if (token.length() > 1 && Character.isLetterOrDigit(token.charAt(1))) {
      return null; // a word, not an option letter
    }
    char c = Character.toUpperCase(token.charAt(0));
    return c >= 'A' && c <= 'Z' ? c : null;
  }
}
