package io.camreasoner.aggregator.curve;

import static io.camreasoner.aggregator.testing.TestEvents.endOfStream;
import static io.camreasoner.aggregator.testing.TestEvents.window;
import static io.camreasoner.aggregator.testing.TestEvents.withCues;
import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.MotionEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurvePointTest {

  @Test
  void shouldTurnAWindowsCuesIntoRatesWhenTheReasonerMeasuredThem() {
    MotionEvent e =
        withCues(window("cam", 0, 0, 3, 0.9, "pan-right"), 12.5, -2.0, 0.5, 0.04, 0.0, 0.25, null);

    CurvePoint p = CurvePoint.of(e).orElseThrow();

    // window 3 covers frames 30..39 at 25 fps
    assertThat(p.startSec()).isEqualTo(1.2);
    assertThat(p.endSec()).isEqualTo(1.6);
    assertThat(p.panDegPerSec()).isEqualTo(12.5);
    assertThat(p.tiltDegPerSec()).isEqualTo(-2.0);
    assertThat(p.rollDegPerSec()).isEqualTo(0.5);
    assertThat(p.zoomPerSec()).isEqualTo(1.04);
    assertThat(p.translationSpeed()).isEqualTo(0.0);
    assertThat(p.moverShare()).isEqualTo(0.25);
    assertThat(p.toJson())
        .containsExactly(
            Map.entry("startSec", 1.2),
            Map.entry("endSec", 1.6),
            Map.entry("panDegPerSec", 12.5),
            Map.entry("tiltDegPerSec", -2.0),
            Map.entry("rollDegPerSec", 0.5),
            Map.entry("zoomPerSec", 1.04),
            Map.entry("translationSpeed", 0.0),
            Map.entry("moverShare", 0.25));
  }

  @Test
  void shouldLeaveCuesOutWhenTheReasonerDidNotMeasureThem() {
    MotionEvent e =
        withCues(
            window("cam", 0, 0, 0, 0.9, "static"), null, null, Double.NaN, null, null, 0.1, null);

    Map<String, Object> json = CurvePoint.of(e).orElseThrow().toJson();

    assertThat(json).containsOnlyKeys("startSec", "endSec", "moverShare");
    assertThat(json.get("moverShare")).isEqualTo(0.1);
  }

  @Test
  void shouldGiveNoPointWhenTheEventIsAnEndOfStreamMarkerOrAFailedWindow() {
    MotionEvent failed =
        MotionEvent.newBuilder(window("cam", 0, 0, 1, 0.9, "static"))
            .setLabels(List.of())
            .setFailure("frames not decodable")
            .build();

    assertThat(CurvePoint.of(endOfStream("cam", 9, 0, 100, List.of(), null))).isEmpty();
    assertThat(CurvePoint.of(failed)).isEmpty();
  }

  @Test
  void shouldOrderPointsInTimeWhenWrittenAsJson() {
    CurvePoint late = CurvePoint.of(window("cam", 0, 0, 5, 0.9, "static")).orElseThrow();
    CurvePoint early = CurvePoint.of(window("cam", 0, 0, 2, 0.9, "static")).orElseThrow();

    List<Map<String, Object>> json = CurvePoint.toJson(List.of(late, early));

    assertThat(json).extracting(m -> m.get("startSec")).containsExactly(0.8, 2.0);
  }
}
