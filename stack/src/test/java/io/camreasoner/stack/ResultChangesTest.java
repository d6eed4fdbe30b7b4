package io.camreasoner.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultChangesTest {

  @Test
  void shouldReportOnlyShotsWhoseMovementsDifferWhenTwoProducersAnalysedTheSameVideo() {
    List<ShotTimeline> geometry =
        List.of(
            shot(0, 0, 97, seg(0, 48, "pan-left"), seg(48, 97, "pan-left")),
            shot(1, 97, 153, seg(97, 153, "dolly-in")),
            shot(2, 153, 250, seg(153, 200, "static"), seg(200, 250, "tilt-up", "pan-right")));
    List<ShotTimeline> model =
        List.of(
            shot(0, 0, 97, seg(0, 97, "pan-left")), // other boundaries, same movement
            shot(1, 97, 153, seg(97, 153, "zoom-in")),
            shot(2, 153, 250, seg(153, 210, "static"), seg(210, 250, "pan-right", "tilt-up")),
            shot(3, 250, 300, gap(250, 300)));

    List<ResultChanges.ShotChange> changes = ResultChanges.between(geometry, model);

    assertThat(changes)
        .containsExactly(
            new ResultChanges.ShotChange(1, 97, 153, List.of("dolly-in"), List.of("zoom-in")),
            new ResultChanges.ShotChange(3, 250, 300, List.of(), List.of("(gap)")));
  }

  private static ShotTimeline shot(int index, long start, long end, Segment... segments) {
    return ShotTimeline.newBuilder()
        .setStreamId("news")
        .setSource("news.mp4")
        .setShotIndex(index)
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(start / 25.0)
        .setEndSec(end / 25.0)
        .setFps(25)
        .setStatus(ShotStatus.CLOSED)
        .setSegments(List.of(segments))
        .setWindowCount(segments.length)
        .setLastWindowSeq(index)
        .build();
  }

  private static Segment seg(long start, long end, String... labels) {
    return Segment.newBuilder()
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(start / 25.0)
        .setEndSec(end / 25.0)
        .setLabels(new ArrayList<>(List.of(labels)))
        .setConfidence(0.9)
        .build();
  }

  private static Segment gap(long start, long end) {
    Segment s = seg(start, end);
    s.setConfidence(0);
    s.setGap("reasoner failed");
    return s;
  }
}
