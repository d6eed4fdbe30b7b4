package io.camreasoner.worker.backend.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtaReplyTest {

  @Test
  void shouldSplitWellFormedReplyIntoItsThreeParts() {
    OtaReply r =
        OtaReply.parse(
            "<observation>Content slides left.</observation>\n<think>No parallax, so a pan."
                + "</think>\n<answer>C</answer>");
    assertThat(r.observation()).isEqualTo("Content slides left.");
    assertThat(r.thinking()).isEqualTo("No parallax, so a pan.");
    assertThat(r.answer()).isEqualTo("C");
    assertThat(r.wellFormed()).isTrue();
  }

  @Test
  void shouldTakeLastLineAsAnswerWhenAnswerTagIsMissing() {
    OtaReply r =
        OtaReply.parse("<OBSERVATION>zooming</OBSERVATION><think>scale grows</think>\nAnswer: H");
    assertThat(r.observation()).isEqualTo("zooming");
    assertThat(r.answer()).isEqualTo("Answer: H");
    assertThat(r.wellFormed()).isFalse();
  }

  @Test
  void shouldReadUnclosedTagsAndIgnoreTextAroundThem() {
    OtaReply r = OtaReply.parse("Sure! <observation>moves <think>so dolly <answer>J");
    assertThat(r.observation()).isEqualTo("moves");
    assertThat(r.thinking()).isEqualTo("so dolly");
    assertThat(r.answer()).isEqualTo("J");
    assertThat(r.wellFormed()).isFalse();
  }

  @Test
  void shouldKeepPlainTextWithoutTagsAsTheAnswer() {
    OtaReply r = OtaReply.parse("I think the camera pans left.\n");
    assertThat(r.observation()).isEmpty();
    assertThat(r.answer()).isEqualTo("I think the camera pans left.");
  }
}
