package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.camreasoner.bench.TransitionScore.Span;
import io.camreasoner.schemas.TransitionType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionScoreTest {

  @Test
  void shouldMatchGradualTransitionsWithinTwoFramesAndCutsExactlyWhenScoring() {
    List<Span> truth =
        List.of(
            new Span(TransitionType.CUT, 50, 51),
            new Span(TransitionType.DISSOLVE, 100, 112),
            new Span(TransitionType.FADE_OUT, 200, 215),
            new Span(TransitionType.FADE_IN, 215, 230));
    List<Span> found =
        List.of(
            new Span(TransitionType.CUT, 51, 52), // one frame late: not the cut
            new Span(TransitionType.DISSOLVE, 101, 110), // start 1, end 2 off: a hit
            new Span(TransitionType.FADE_OUT, 200, 218), // end 3 off: a miss
            new Span(TransitionType.DISSOLVE, 215, 230)); // wrong type: a miss
    TransitionScore s = TransitionScore.of(truth, found);
    assertThat(s.cutsHit()).isZero();
    assertThat(s.falseCuts()).isEqualTo(1);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.falseTransitions()).isEqualTo(3);
    assertThat(s.transitionF1()).isCloseTo(0.25, offset(1e-9));
    assertThat(s.startError()).isEqualTo(1);
    assertThat(s.endError()).isEqualTo(2);
  }

  @Test
  void shouldScoreOneWhenNothingIsTrueAndNothingFoundAndSumProgrammes() {
    TransitionScore none = TransitionScore.of(List.of(), List.of());
    assertThat(none.cutF1()).isEqualTo(1);
    assertThat(none.transitionF1()).isEqualTo(1);
    TransitionScore one =
        TransitionScore.of(
            List.of(new Span(TransitionType.CUT, 9, 10)),
            List.of(new Span(TransitionType.CUT, 9, 10)));
    TransitionScore sum = none.plus(one).plus(one);
    assertThat(sum.cutsTrue()).isEqualTo(2);
    assertThat(sum.cutF1()).isEqualTo(1);
    assertThat(sum.describe()).contains("cuts 2/2 found, 0 false, F1 1.000");
  }
}
