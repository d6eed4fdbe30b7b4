package io.camreasoner.aggregator.fold;

import static io.camreasoner.aggregator.testing.TestEvents.window;
import static io.camreasoner.aggregator.testing.TestEvents.withCues;
import static io.camreasoner.aggregator.testing.TestEvents.withThumbnail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.aggregator.testing.TestEvents;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineFoldTest {

  private static final String S = "cam-1";
  private static final TimelineId ID = new TimelineId(S, 0, "");

  private static TimelineFold fold(int minSegmentWindows, MotionEvent... events) {
    TimelineFold fold = TimelineFold.empty(ID, "clips/cam-1.mp4", 0, minSegmentWindows);
    for (MotionEvent e : events) {
      fold.add(e);
    }
    return fold;
  }

  /** The event with one label's score changed (the reasoner's evidence for another move). */
  private static MotionEvent withScore(MotionEvent e, String label, double score) {
    java.util.Map<String, Double> scores = new java.util.TreeMap<>(e.getScores());
    scores.put(label, score);
    return MotionEvent.newBuilder(e).setScores(scores).build();
  }

  private static List<String> describe(ShotTimeline t) {
    List<String> out = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      out.add(s.getStartFrame() + "-" + s.getEndFrame() + ":" + String.join("+", s.getLabels()));
    }
    return out;
  }

  @Test
  void shouldMergeAdjacentWindowsWithSameLabelsIntoSegments() {
    TimelineFold f =
        fold(
            1,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.8, "pan-left"),
            window(S, 0, 0, 2, 0.7, "static"),
            window(S, 0, 0, 3, 0.6, "static"),
            window(S, 0, 0, 4, 0.5, "static"));

    ShotTimeline t = f.timeline(42);

    assertThat(describe(t)).containsExactly("0-20:pan-left", "20-50:static");
    assertThat(t.getStartFrame()).isZero();
    assertThat(t.getEndFrame()).isEqualTo(50);
    assertThat(t.getEndSec()).isCloseTo(2.0, within(1e-9));
    assertThat(t.getWindowCount()).isEqualTo(5);
    assertThat(t.getLastWindowSeq()).isEqualTo(4);
    assertThat(t.getStatus()).isEqualTo(ShotStatus.OPEN);
    assertThat(t.getUpdatedAtMs()).isEqualTo(42);
    Segment pan = t.getSegments().get(0);
    assertThat(pan.getWindowCount()).isEqualTo(2);
    assertThat(pan.getFirstWindowSeq()).isZero();
    assertThat(pan.getLastWindowSeq()).isEqualTo(1);
    assertThat(pan.getConfidence()).isCloseTo(0.85, within(1e-9));
    assertThat(pan.getScores().get("pan-left")).isCloseTo(0.85, within(1e-9));
    assertThat(pan.getScores().get("static")).isCloseTo(0.05, within(1e-9));
    assertThat(pan.getStartSec()).isZero();
    assertThat(pan.getEndSec()).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void shouldKeepTheShotsThumbnailWhenItsFirstWindowArrivesInAnyOrder() {
    byte[] jpeg = TestEvents.jpeg(160, 90, 0x20a040);
    MotionEvent first = withThumbnail(window(S, 0, 0, 0, 0.9, "static"), jpeg);
    MotionEvent second = window(S, 0, 0, 1, 0.9, "static");

    TimelineFold before = fold(1, second);
    TimelineFold after = fold(1, second, first);
    TimelineFold restored = new TimelineFold(after.state(), 1);

    assertThat(before.timeline(0).getThumbnail()).isNull();
    assertThat(after.timeline(0).getThumbnail().array()).isEqualTo(jpeg);
    // the state (what the stores keep) gives the same thumbnail back, and equal states compare
    // equal
    assertThat(restored.timeline(0).getThumbnail().array()).isEqualTo(jpeg);
    assertThat(restored.state()).isEqualTo(after.state());
    assertThat(restored.add(first)).isFalse();
  }

  @Test
  void shouldGiveEachSegmentTheSteadinessOfMostOfItsWindowsWhenTheReasonerMeasuredIt() {
    TimelineFold fold =
        fold(
            1,
            withCues(
                window(S, 0, 0, 0, 0.9, "pan-left"), -9.0, 0.0, 0.0, 0.0, 0.0, 0.0, "handheld"),
            withCues(
                window(S, 0, 0, 1, 0.9, "pan-left"), -9.0, 0.0, 0.0, 0.0, 0.0, 0.0, "handheld"),
            withCues(window(S, 0, 0, 2, 0.9, "pan-left"), -9.0, 0.0, 0.0, 0.0, 0.0, 0.0, "steady"),
            // a tripod shot with one window shaken (a flash, a large mover) stays steady
            withCues(window(S, 0, 0, 3, 0.9, "static"), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "steady"),
            withCues(window(S, 0, 0, 4, 0.9, "static"), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "handheld"),
            withCues(window(S, 0, 0, 5, 0.9, "static"), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "steady"),
            window(S, 0, 0, 6, 0.9, "zoom-in"));

    List<Segment> segments = fold.timeline(0).getSegments();

    assertThat(segments)
        .extracting(Segment::getSteadiness)
        .containsExactly("handheld", "steady", null);
  }

  @Test
  void shouldGiveEachSegmentTheMeanSpeedOfItsWindowsWhenTheReasonerMeasuredIt() {
    TimelineFold fold =
        fold(
            1,
            withCues(window(S, 0, 0, 0, 0.9, "pan-left"), -8.0, 1.0, 0.0, 0.0, 0.0, 0.02, "steady"),
            withCues(
                window(S, 0, 0, 1, 0.9, "pan-left"), -12.0, -1.0, 0.5, 0.1, 0.0, 0.04, "steady"),
            withCues(window(S, 0, 0, 2, 0.9, "dolly-in"), 0.0, 0.0, 0.0, 0.0, 0.25, null, "steady"),
            window(S, 0, 0, 3, 0.9, "zoom-in"));

    List<Segment> segments = fold.timeline(0).getSegments();

    // equal windows weigh alike: the pan segment's pan is the mean of -8 and -12
    assertThat(segments.get(0).getPanDegPerSec()).isCloseTo(-10.0, within(1e-9));
    assertThat(segments.get(0).getTiltDegPerSec()).isCloseTo(0.0, within(1e-9));
    assertThat(segments.get(0).getRollDegPerSec()).isCloseTo(0.25, within(1e-9));
    assertThat(segments.get(0).getZoomPerSec()).isCloseTo(1.05, within(1e-9));
    assertThat(segments.get(0).getMoverShare()).isCloseTo(0.03, within(1e-9));
    assertThat(segments.get(1).getTranslationSpeed()).isCloseTo(0.25, within(1e-9));
    assertThat(segments.get(1).getMoverShare()).isNull();
    // a window without cues measured nothing
    assertThat(segments.get(2).getPanDegPerSec()).isNull();
    assertThat(segments.get(2).getZoomPerSec()).isNull();
  }

  @Test
  void shouldIgnoreWindowWhenItsSequenceWasAlreadyFolded() {
    TimelineFold f =
        fold(1, window(S, 0, 0, 0, 0.9, "pan-left"), window(S, 0, 0, 1, 0.9, "static"));
    ShotTimeline before = f.timeline(1);

    boolean changed = f.add(window(S, 0, 0, 1, 0.3, "zoom-in"));

    assertThat(changed).isFalse();
    assertThat(f.timeline(1)).isEqualTo(before);
    assertThat(f.windowCount()).isEqualTo(2);
  }

  @Test
  void shouldGiveSameTimelineWhenWindowsArriveOutOfOrderOrTwice() {
    List<MotionEvent> events = new ArrayList<>();
    String[] labels = {"pan-left", "pan-left", "static", "zoom-in", "zoom-in", "static", "static"};
    for (int i = 0; i < labels.length; i++) {
      events.add(window(S, 0, 0, i, 0.5 + i / 20.0, labels[i]));
    }
    ShotTimeline inOrder = fold(2, events.toArray(MotionEvent[]::new)).timeline(7);

    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      List<MotionEvent> shuffled = new ArrayList<>(events);
      shuffled.addAll(events.subList(0, random.nextInt(events.size())));
      Collections.shuffle(shuffled, random);
      assertThat(fold(2, shuffled.toArray(MotionEvent[]::new)).timeline(7)).isEqualTo(inOrder);
    }
    assertThat(describe(inOrder))
        .containsExactly("0-20:pan-left", "20-30:static", "30-50:zoom-in", "50-70:static");
  }

  @Test
  void shouldInsertLateWindowBetweenItsNeighboursWhenItArrivesLast() {
    TimelineFold f = fold(1, window(S, 0, 0, 0, 0.9, "static"), window(S, 0, 0, 2, 0.9, "static"));
    assertThat(describe(f.timeline(0))).containsExactly("0-30:static");

    f.add(window(S, 0, 0, 1, 0.9, "pan-right"));

    assertThat(describe(f.timeline(0)))
        .containsExactly("0-10:static", "10-20:pan-right", "20-30:static");
  }

  @Test
  void shouldAbsorbOneWindowFlickerWhenBothNeighboursHaveTheSameLabels() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            window(S, 0, 0, 2, 0.6, "static"),
            window(S, 0, 0, 3, 0.7, "pan-left"));

    ShotTimeline t = f.timeline(0);

    assertThat(describe(t)).containsExactly("0-40:pan-left");
    Segment s = t.getSegments().get(0);
    assertThat(s.getWindowCount()).isEqualTo(4);
    // the flicker window is scored on the segment's label: its pan-left score is 0.05
    assertThat(s.getConfidence()).isCloseTo((0.9 + 0.9 + 0.05 + 0.7) / 4, within(1e-9));
    assertThat(s.getObservation()).isEqualTo("window 0 observed pan-left");
    assertThat(s.getFirstWindowSeq()).isZero();
    assertThat(s.getLastWindowSeq()).isEqualTo(3);
  }

  @Test
  void shouldKeepShortRunWhenItIsAtLeastMinSegmentWindowsLong() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.6, "static"),
            window(S, 0, 0, 2, 0.6, "static"),
            window(S, 0, 0, 3, 0.7, "pan-left"));

    assertThat(describe(f.timeline(0)))
        .containsExactly("0-10:pan-left", "10-30:static", "30-40:pan-left");
  }

  @Test
  void shouldKeepShortRunWhenItsNeighboursDiffer() {
    TimelineFold f =
        fold(
            3,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            window(S, 0, 0, 2, 0.6, "static"),
            window(S, 0, 0, 3, 0.7, "zoom-in"),
            window(S, 0, 0, 4, 0.7, "zoom-in"));

    assertThat(describe(f.timeline(0)))
        .containsExactly("0-20:pan-left", "20-30:static", "30-50:zoom-in");
  }

  @Test
  void shouldKeepShortRunWhenItIsAtTheShotEdge() {
    TimelineFold f =
        fold(
            3,
            window(S, 0, 0, 0, 0.9, "static"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            window(S, 0, 0, 2, 0.6, "pan-left"),
            window(S, 0, 0, 3, 0.7, "pan-left"),
            window(S, 0, 0, 4, 0.7, "zoom-in"));

    assertThat(describe(f.timeline(0)))
        .containsExactly("0-10:static", "10-40:pan-left", "40-50:zoom-in");
  }

  @Test
  void shouldAbsorbAShortRunAtTheShotEdgeWhenItsWindowsBarelyPreferTheirOwnLabels() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            window(S, 0, 0, 2, 0.8, "pan-left"),
            withScore(window(S, 0, 0, 3, 0.55, "zoom-in"), "pan-left", 0.4));

    ShotTimeline t = f.timeline(0);

    assertThat(describe(t)).containsExactly("0-40:pan-left");
    Segment s = t.getSegments().get(0);
    assertThat(s.getWindowCount()).isEqualTo(4);
    assertThat(s.getLastWindowSeq()).isEqualTo(3);
    assertThat(s.getConfidence()).isCloseTo((0.9 + 0.9 + 0.8 + 0.4) / 4, within(1e-9));
  }

  @Test
  void shouldAbsorbAnUndecidedRunIntoTheNeighbourItScoresHigherWhenItStandsBetweenTwoMoves() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            withScore(
                withScore(window(S, 0, 0, 2, 0.5, "zoom-in"), "pan-left", 0.3), "static", 0.45),
            window(S, 0, 0, 3, 0.8, "static"),
            window(S, 0, 0, 4, 0.8, "static"));

    ShotTimeline t = f.timeline(0);

    assertThat(describe(t)).containsExactly("0-20:pan-left", "20-50:static");
    assertThat(t.getSegments().get(1).getFirstWindowSeq()).isEqualTo(2);
  }

  @Test
  void shouldKeepAShortRunAtTheShotEdgeWhenTheChangeIsClearEvenIfTheNeighbourScoresSome() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            withScore(window(S, 0, 0, 2, 0.9, "static"), "pan-left", 0.4));

    assertThat(describe(f.timeline(0))).containsExactly("0-20:pan-left", "20-30:static");
  }

  @Test
  void shouldNotAbsorbAnythingWhenMinSegmentWindowsIsOne() {
    TimelineFold f =
        fold(
            1,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.6, "static"),
            window(S, 0, 0, 2, 0.7, "pan-left"));

    assertThat(describe(f.timeline(0)))
        .containsExactly("0-10:pan-left", "10-20:static", "20-30:pan-left");
  }

  @Test
  void shouldAbsorbSuccessiveFlickersIntoOneSegment() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.6, "static"),
            window(S, 0, 0, 2, 0.7, "pan-left"),
            window(S, 0, 0, 3, 0.6, "zoom-in"),
            window(S, 0, 0, 4, 0.7, "pan-left"),
            window(S, 0, 0, 5, 0.7, "static"),
            window(S, 0, 0, 6, 0.7, "static"));

    assertThat(describe(f.timeline(0))).containsExactly("0-50:pan-left", "50-70:static");
  }

  @Test
  void shouldTreatLabelSetsEqualWhateverTheirOrder() {
    TimelineFold f =
        fold(
            1,
            window(S, 0, 0, 0, 0.9, "pan-right", "tilt-up"),
            window(S, 0, 0, 1, 0.8, "tilt-up", "pan-right"));

    ShotTimeline t = f.timeline(0);

    assertThat(describe(t)).containsExactly("0-20:pan-right+tilt-up");
    assertThat(t.getSegments().get(0).getConfidence()).isCloseTo(0.85, within(1e-9));
  }

  @Test
  void shouldPickTheMostConfidentWindowsExplanation() {
    TimelineFold f =
        fold(
            1,
            window(S, 0, 0, 0, 0.6, "zoom-in"),
            window(S, 0, 0, 1, 0.95, "zoom-in"),
            window(S, 0, 0, 2, 0.7, "zoom-in"));

    Segment s = f.timeline(0).getSegments().get(0);

    assertThat(s.getObservation()).isEqualTo("window 1 observed zoom-in");
    assertThat(s.getThinking()).isEqualTo("window 1 reasoned");
    assertThat(s.getAnswer()).isEqualTo("zoom-in");
  }

  @Test
  void shouldCoverShotFromItsCutToItsKnownEndWhenWindowsLeaveGaps() {
    TimelineFold f = TimelineFold.empty(ID, "src", 1, 1);
    f.add(window(S, 1, 95, 10, 0.9, "static")); // frames 100..109
    f.add(window(S, 1, 95, 12, 0.9, "pan-left")); // frames 120..129, gap 110..119

    f.close(CloseReason.NEXT_SHOT, 137);
    ShotTimeline t = f.timeline(0);

    assertThat(describe(t)).containsExactly("95-120:static", "120-137:pan-left");
    assertThat(t.getStartFrame()).isEqualTo(95);
    assertThat(t.getEndFrame()).isEqualTo(137);
    assertThat(t.getStartSec()).isCloseTo(3.8, within(1e-9));
    assertThat(t.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(t.getCloseReason()).isEqualTo("next-shot");
  }

  @Test
  void shouldUpgradeIdleCloseToNextShotButNotTheReverse() {
    TimelineFold f = fold(1, window(S, 0, 0, 0, 0.9, "static"));

    assertThat(f.close(CloseReason.IDLE, -1)).isTrue();
    assertThat(f.close(CloseReason.NEXT_SHOT, -1)).isTrue();
    assertThat(f.close(CloseReason.IDLE, -1)).isFalse();
    assertThat(f.closeReason()).isEqualTo(CloseReason.NEXT_SHOT);
    assertThat(f.reopenIfIdle()).isFalse();
    assertThat(f.isClosed()).isTrue();
  }

  @Test
  void shouldReopenIdleClosedShotWhenAskedTo() {
    TimelineFold f = fold(1, window(S, 0, 0, 0, 0.9, "static"));
    f.close(CloseReason.IDLE, -1);

    assertThat(f.reopenIfIdle()).isTrue();

    assertThat(f.isClosed()).isFalse();
    assertThat(f.timeline(0).getCloseReason()).isNull();
  }

  @Test
  void shouldMarkLastShotWithStreamErrorAndCuts() {
    TimelineFold f = fold(1, window(S, 0, 0, 0, 0.9, "static"));
    f.close(CloseReason.END_OF_STREAM, 15);

    assertThat(f.markLastShot("decoder gave up at frame 15", List.of(97L, 153L), List.of()))
        .isTrue();
    assertThat(f.markLastShot("decoder gave up at frame 15", List.of(97L, 153L), List.of()))
        .isFalse();

    ShotTimeline t = f.timeline(0);
    assertThat(t.getLastShot()).isTrue();
    assertThat(t.getStreamError()).isEqualTo("decoder gave up at frame 15");
    assertThat(t.getCuts()).containsExactly(97L, 153L);
    assertThat(t.getEndFrame()).isEqualTo(15);
    assertThat(t.getCloseReason()).isEqualTo("end-of-stream");
  }

  @Test
  void shouldRenderEmptyShotWithoutSegments() {
    TimelineFold f = TimelineFold.empty(ID, "src", 2, 2);
    f.startAtIfUnknown(153);
    f.fpsIfUnknown(TestEvents.FPS);
    f.close(CloseReason.END_OF_STREAM, 153);

    ShotTimeline t = f.timeline(0);

    assertThat(t.getSegments()).isEmpty();
    assertThat(t.getStartFrame()).isEqualTo(153);
    assertThat(t.getEndFrame()).isEqualTo(153);
    assertThat(t.getWindowCount()).isZero();
    assertThat(t.getLastWindowSeq()).isEqualTo(-1);
  }

  @Test
  void shouldRestoreFromStateToTheSameTimeline() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.4, "static"),
            window(S, 0, 0, 2, 0.9, "pan-left"));
    f.close(CloseReason.END_OF_STREAM, 31);

    TimelineFold restored = new TimelineFold(f.state(), 2);

    assertThat(restored.timeline(5)).isEqualTo(f.timeline(5));
    assertThat(restored.state()).isEqualTo(f.state());
    assertThat(restored.add(window(S, 0, 0, 2, 0.9, "pan-left"))).isFalse();
  }

  @Test
  void shouldRejectEventsThatAreNotWindowsOfThisShot() {
    TimelineFold f = TimelineFold.empty(ID, "src", 0, 2);

    assertThatThrownBy(() -> f.add(window(S, 1, 0, 0, 0.9, "static")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shot 1");
    assertThatThrownBy(() -> f.add(TestEvents.endOfStream(S, 9, 0, 90, List.of(), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end-of-stream");
  }

  private static MotionEvent failed(long seq, String reason) {
    MotionEvent e = window(S, 0, 0, seq, 0.0);
    e.setLabels(List.of());
    e.setScores(java.util.Map.of());
    e.setFailure(reason);
    return e;
  }

  @Test
  void shouldShowFailedWindowsAsAGapWithTheReasonWhenTheWorkerCouldNotReasonAboutThem() {
    TimelineFold f =
        fold(
            2,
            window(S, 0, 0, 0, 0.9, "pan-left"),
            window(S, 0, 0, 1, 0.9, "pan-left"),
            failed(2, "window cam-1#2 frame 3 is not a decodable JPEG"),
            failed(3, "backend geometry failed on window cam-1#3"),
            window(S, 0, 0, 4, 0.9, "pan-left"),
            window(S, 0, 0, 5, 0.9, "pan-left"));

    ShotTimeline t = f.timeline(7);

    // the gap is a fact: it splits the pan and is not absorbed as flicker
    assertThat(describe(t)).containsExactly("0-20:pan-left", "20-40:", "40-60:pan-left");
    Segment gap = t.getSegments().get(1);
    assertThat(gap.getGap())
        .isEqualTo("window cam-1#2 frame 3 is not a decodable JPEG (and 1 more windows)");
    assertThat(gap.getConfidence()).isZero();
    assertThat(gap.getWindowCount()).isEqualTo(2);
    assertThat(t.getFailedWindows()).isEqualTo(2);
    assertThat(t.getSegments().get(0).getGap()).isNull();
  }

  @Test
  void shouldKeepAOneWindowGapBetweenEqualLabelsWhenFlickerWouldAbsorbARun() {
    TimelineFold f =
        fold(
            3,
            window(S, 0, 0, 0, 0.9, "static"),
            failed(1, "oversize"),
            window(S, 0, 0, 2, 0.9, "static"));

    assertThat(describe(f.timeline(0))).containsExactly("0-10:static", "10-20:", "20-30:static");
  }

  @Test
  void shouldRefuseAnEventOfAnotherSessionOrProducerWhenFoldingAShot() {
    TimelineFold f = fold(1, window(S, 0, 0, 0, 0.9, "static"));
    MotionEvent restarted = window(S, 0, 0, 1, 0.9, "static");
    restarted.setSession(1_700_000_000_000L);
    MotionEvent otherModel = window(S, 0, 0, 2, 0.9, "static");
    otherModel.setProducer("model@motion-mlp#1234abcd");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.add(restarted))
        .hasMessageContaining("session 1700000000000");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.add(otherModel))
        .hasMessageContaining("model@motion-mlp#1234abcd");
  }
}
