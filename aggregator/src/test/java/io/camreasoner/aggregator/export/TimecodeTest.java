package io.camreasoner.aggregator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimecodeTest {

  @Test
  void shouldSkipTwoFrameNumbersEachMinuteButTheTenthWhenTheRateIs2997() {
    Timecode tc = Timecode.of(30000.0 / 1001, null);

    assertThat(tc.dropFrame()).isTrue();
    assertThat(tc.nominalRate()).isEqualTo(30);
    assertThat(tc.format(1799)).isEqualTo("00:00:59;29");
    assertThat(tc.format(1800)).isEqualTo("00:01:00;02");
    assertThat(tc.format(17982)).isEqualTo("00:10:00;00");
    assertThat(tc.format(17983)).isEqualTo("00:10:00;01");
    assertThat(tc.format(107892)).isEqualTo("01:00:00;00"); // 29.97 × 3600 s
    for (long n = 0; n < 40_000; n++) {
      assertThat(tc.parse(tc.format(n))).isEqualTo(n);
    }
  }

  @Test
  void shouldSkipFourFrameNumbersEachMinuteWhenTheRateIs5994() {
    Timecode tc = Timecode.of(59.94, null);

    assertThat(tc.dropFrame()).isTrue();
    assertThat(tc.format(3599)).isEqualTo("00:00:59;59");
    assertThat(tc.format(3600)).isEqualTo("00:01:00;04");
    assertThat(tc.format(35964)).isEqualTo("00:10:00;00");
    assertThat(tc.format(215784)).isEqualTo("01:00:00;00");
  }

  @Test
  void shouldOffsetFramesByTheStartTimecodeWhenTheSourceHasOne() {
    assertThat(Timecode.of(25, "10:00:00:00").ofFrame(0)).isEqualTo("10:00:00:00");
    assertThat(Timecode.of(25, "10:00:00:00").ofFrame(97)).isEqualTo("10:00:03:22");
    assertThat(Timecode.of(25, "23:59:59:24").ofFrame(1)).isEqualTo("00:00:00:00");
    Timecode df = Timecode.of(29.97, "00:59:59;29");
    assertThat(df.startFrames()).isEqualTo(107891);
    assertThat(df.ofFrame(1)).isEqualTo("01:00:00;00");
  }

  @Test
  void shouldCountNonDropAtTheRoundedRateWhenTheRateIsNotNtsc() {
    Timecode film = Timecode.of(24000.0 / 1001, null);
    assertThat(film.dropFrame()).isFalse();
    assertThat(film.nominalRate()).isEqualTo(24);
    assertThat(film.format(24 * 3600)).isEqualTo("01:00:00:00");
    assertThat(Timecode.of(25, null).format(250)).isEqualTo("00:00:10:00");
    assertThat(Timecode.of(50, null).format(75)).isEqualTo("00:00:01:25");
  }

  @Test
  void shouldRefuseTimecodesThatNameNoFrame() {
    Timecode df = Timecode.of(29.97, null);
    assertThatThrownBy(() -> df.parse("00:01:00;01")).hasMessageContaining("drop-frame skips");
    assertThatThrownBy(() -> Timecode.of(25, "00:00:00:25")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Timecode.of(25, "1 hour")).hasMessageContaining("not a timecode");
    assertThatThrownBy(() -> Timecode.of(0, null)).hasMessageContaining("positive");
    assertThat(df.parse("00:10:00;00")).isEqualTo(17982);
  }
}
