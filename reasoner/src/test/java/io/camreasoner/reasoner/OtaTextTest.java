package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.MotionLabel;
import org.junit.jupiter.api.Test;

class OtaTextTest {

  @Test
  void shouldSplitWellFormedText() {
    OtaText t =
        OtaText.parse(
            "<observation>bg moves left</observation><think>no parallax</think>"
                + "<answer>pan-right, tilt-up</answer>");
    assertThat(t.observation()).isEqualTo("bg moves left");
    assertThat(t.thinking()).isEqualTo("no parallax");
    assertThat(t.answerLabels()).containsExactly(MotionLabel.PAN_RIGHT, MotionLabel.TILT_UP);
  }

  @Test
  void shouldTolerateMissingClosingTagsAndSurroundingText() {
    OtaText t =
        OtaText.parse(
            "Sure! <OBSERVATION>things expand<think>parallax around the centre<answer>Dolly In");
    assertThat(t.observation()).isEqualTo("things expand");
    assertThat(t.thinking()).isEqualTo("parallax around the centre");
    assertThat(t.answerLabels()).containsExactly(MotionLabel.DOLLY_IN);
  }

  @Test
  void shouldTreatUntaggedTextAsAnswerWhenNoTagIsPresent() {
    OtaText t = OtaText.parse("the camera is static");
    assertThat(t.observation()).isEmpty();
    assertThat(t.answerLabels()).containsExactly(MotionLabel.STATIC);
  }

  @Test
  void shouldRoundTripFormattedText() {
    String text = OtaText.format("o", "t", "roll-cw");
    assertThat(OtaText.parse(text)).isEqualTo(new OtaText("o", "t", "roll-cw"));
  }
}
