package io.camreasoner.worker.backend.vlm;

import static io.camreasoner.schemas.MotionLabel.DOLLY_IN;
import static io.camreasoner.schemas.MotionLabel.PAN_LEFT;
import static io.camreasoner.schemas.MotionLabel.PAN_RIGHT;
import static io.camreasoner.schemas.MotionLabel.ROLL_CCW;
import static io.camreasoner.schemas.MotionLabel.ROLL_CW;
import static io.camreasoner.schemas.MotionLabel.STATIC;
import static io.camreasoner.schemas.MotionLabel.TILT_UP;
import static io.camreasoner.schemas.MotionLabel.TRUCK_RIGHT;
import static io.camreasoner.schemas.MotionLabel.ZOOM_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.vlm.AnswerMapper.Match;
import org.junit.jupiter.api.Test;

class AnswerMapperTest {

  @Test
  void shouldLetterOptionsInVocabularyOrder() {
    for (MotionLabel l : MotionLabel.values()) {
      assertThat(CamReasonerPrompt.labelOfLetter(CamReasonerPrompt.letterOf(l))).isEqualTo(l);
      assertThat(CamReasonerPrompt.multipleChoiceQuestion())
          .contains(CamReasonerPrompt.letterOf(l) + ". ");
    }
    assertThat(CamReasonerPrompt.letterOf(STATIC)).isEqualTo('A');
    assertThat(CamReasonerPrompt.labelOfLetter('P')).isNull();
  }

  @Test
  void shouldMapSingleAndCombinedLetters() {
    assertThat(AnswerMapper.multipleChoice("B").labels()).containsExactly(PAN_LEFT);
    assertThat(AnswerMapper.multipleChoice("(C)").labels()).containsExactly(PAN_RIGHT);
    assertThat(AnswerMapper.multipleChoice("C, D").labels()).containsExactly(PAN_RIGHT, TILT_UP);
    assertThat(AnswerMapper.multipleChoice("Answer: I").labels()).containsExactly(ZOOM_OUT);
    assertThat(AnswerMapper.multipleChoice("J. The camera moves forward"))
        .isEqualTo(new AnswerMapper.Mapped(java.util.List.of(DOLLY_IN), Match.LETTERS));
  }

  @Test
  void shouldMapNothingWhenLetterIsOutsideTheOptions() {
    assertThat(AnswerMapper.multipleChoice("Z"))
        .isEqualTo(new AnswerMapper.Mapped(java.util.List.of(), Match.NONE));
    assertThat(AnswerMapper.multipleChoice("B, Q").match()).isEqualTo(Match.NONE);
  }

  @Test
  void shouldMapFreeTextToLabels() {
    assertThat(AnswerMapper.multipleChoice("The camera is panning slowly to the left"))
        .isEqualTo(new AnswerMapper.Mapped(java.util.List.of(PAN_LEFT), Match.TEXT));
    assertThat(AnswerMapper.multipleChoice("truck-right").labels()).containsExactly(TRUCK_RIGHT);
    assertThat(AnswerMapper.multipleChoice("it rolls counter-clockwise").labels())
        .containsExactly(ROLL_CCW);
    assertThat(AnswerMapper.multipleChoice("it rolls clockwise").labels()).containsExactly(ROLL_CW);
    assertThat(AnswerMapper.multipleChoice("The camera is static.").labels())
        .containsExactly(STATIC);
    assertThat(AnswerMapper.multipleChoice("a banana").match()).isEqualTo(Match.NONE);
  }

  @Test
  void shouldCancelOppositeDirectionsAndDropStaticBesideMotion() {
    assertThat(AnswerMapper.multipleChoice("B, C").labels()).isEmpty();
    assertThat(AnswerMapper.multipleChoice("A, D").labels()).containsExactly(TILT_UP);
  }

  @Test
  void shouldReadYesNoAsLetterOrWord() {
    assertThat(AnswerMapper.yesNo("A")).contains(true);
    assertThat(AnswerMapper.yesNo("B.")).contains(false);
    assertThat(AnswerMapper.yesNo("Yes, it moves down")).contains(true);
    assertThat(AnswerMapper.yesNo("no")).contains(false);
    assertThat(AnswerMapper.yesNo("C")).isEmpty();
    assertThat(AnswerMapper.yesNo("maybe")).isEmpty();
  }
}
