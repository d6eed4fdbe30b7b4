package io.camreasoner.worker.backend.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.worker.backend.vlm.ChatCompletionsClient.TokenLogprob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerLogprobsTest {

  private static TokenLogprob t(String token) {
    return new TokenLogprob(token, 0.0, Map.of());
  }

  private static TokenLogprob t(String token, double p, Map<String, Double> alternatives) {
    Map<String, Double> logs = new java.util.HashMap<>();
    alternatives.forEach((k, v) -> logs.put(k, Math.log(v)));
    return new TokenLogprob(token, Math.log(p), logs);
  }

  @Test
  void shouldReadTheLetterProbabilitiesWhereTheAnswerIsWrittenWhenTheTagIsSplitAcrossTokens() {
    List<TokenLogprob> tokens =
        List.of(
            t("<observation>"),
            t("pans"),
            t("</observation><think>B or C</think><"),
            t("answer"),
            t(">"),
            t(" "),
            t("C", 0.55, Map.of("C", 0.55, " B", 0.4, "c", 0.02, "The", 0.01)),
            t("</answer>"));

    Map<Character, Double> letters = AnswerLogprobs.letters(tokens).orElseThrow();

    // the letters inside <think> are not the answer; "c" and "C" are one option
    assertThat(letters).containsOnlyKeys('B', 'C');
    assertThat(letters.get('C')).isCloseTo(0.57, within(1e-9));
    assertThat(letters.get('B')).isCloseTo(0.4, within(1e-9));
  }

  @Test
  void shouldUseTheChosenTokensOwnProbabilityWhenTheAlternativesOmitIt() {
    List<TokenLogprob> tokens = List.of(t("<answer>"), t("A</", 0.8, Map.of("B", 0.1)));

    Map<Character, Double> letters = AnswerLogprobs.letters(tokens).orElseThrow();

    assertThat(letters.get('A')).isCloseTo(0.8, within(1e-9));
    assertThat(letters.get('B')).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void shouldFindNothingWhenTheAnswerIsAWordOrMissingOrThereAreNoLogprobs() {
    assertThat(
            AnswerLogprobs.letters(
                List.of(t("<answer>"), t("Pan", 0.9, Map.of("Pan", 0.9)), t("</answer>"))))
        .isEmpty();
    assertThat(AnswerLogprobs.letters(List.of(t("The camera pans"), t(" left")))).isEmpty();
    assertThat(AnswerLogprobs.letters(List.of(t("<answer>"), t("  ")))).isEmpty();
    assertThat(AnswerLogprobs.letters(List.of())).isEmpty();
  }
}
