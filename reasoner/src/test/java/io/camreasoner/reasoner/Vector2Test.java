package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Vector2Test {

  @Test
  void shouldAgreeWithHypotWithinTwoUlpsWhenComponentsArePixelSized() {
    Random random = new Random(17);
    for (int i = 0; i < 100_000; i++) {
      double x = (random.nextDouble() - 0.5) * 4000;
      double y = (random.nextDouble() - 0.5) * 4000;
      double expected = Math.hypot(x, y);

      assertThat(Vector2.length(x, y)).isCloseTo(expected, within(2 * Math.ulp(expected)));
    }
  }

  @Test
  void shouldGiveExactLengthsWhenTheTriangleIsPythagorean() {
    assertThat(Vector2.length(3, 4)).isEqualTo(5.0);
    assertThat(Vector2.length(-5, 12)).isEqualTo(13.0);
    assertThat(Vector2.length(0, 0)).isEqualTo(0.0);
  }

  @Test
  void shouldNotOverflowWhenTheSquaresWouldExceedTheDoubleRange() {
    assertThat(Vector2.length(3e200, 4e200)).isCloseTo(5e200, within(1e186));
  }

  @Test
  void shouldNotUnderflowWhenTheSquaresWouldBeBelowTheNormalRange() {
    assertThat(Vector2.length(3e-200, 4e-200)).isCloseTo(5e-200, within(1e-214));
  }

  @Test
  void shouldFollowHypotWhenAComponentIsNotFinite() {
    assertThat(Vector2.length(Double.NaN, 1)).isNaN();
    assertThat(Vector2.length(Double.POSITIVE_INFINITY, Double.NaN)).isInfinite();
    assertThat(Vector2.length(1, Double.NEGATIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
