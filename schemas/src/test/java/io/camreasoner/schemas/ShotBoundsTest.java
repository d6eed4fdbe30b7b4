package io.camreasoner.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.ShotBounds.Range;
import io.camreasoner.schemas.avro.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotBoundsTest {

  private static Transition t(TransitionType type, long start, long end) {
    return new Transition(type.wire(), start, end);
  }

  @Test
  void shouldStartTheShotAtTheCutWhenShotsAreSeparatedByCuts() {
    assertThat(
            ShotBounds.between(
                List.of(t(TransitionType.CUT, 97, 98), t(TransitionType.CUT, 153, 154)), 250))
        .containsExactly(new Range(0, 97), new Range(97, 153), new Range(153, 250));
  }

  @Test
  void shouldLeaveGradualTransitionFramesOutOfEveryShotWhenStreamDissolvesAndFades() {
    assertThat(
            ShotBounds.between(
                List.of(
                    t(TransitionType.FADE_IN, 0, 12),
                    t(TransitionType.DISSOLVE, 50, 62),
                    t(TransitionType.FADE_OUT, 100, 115),
                    t(TransitionType.FADE_IN, 115, 127),
                    t(TransitionType.CUT, 150, 151),
                    t(TransitionType.FADE_OUT, 190, 200)),
                200))
        .containsExactly(
            new Range(12, 50), new Range(62, 100), new Range(127, 150), new Range(150, 190));
  }

  @Test
  void shouldBeOneShotWhenStreamHasNoTransition() {
    assertThat(ShotBounds.between(List.of(), 10)).containsExactly(new Range(0, 10));
    assertThat(ShotBounds.between(List.of(), 0)).isEmpty();
  }
}
