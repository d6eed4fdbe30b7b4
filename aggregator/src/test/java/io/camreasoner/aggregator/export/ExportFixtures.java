package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Timelines for the export tests: a three-shot programme with a two-label segment, a gap, and O-T-A
 * text full of the characters each format must escape.
 */
final class ExportFixtures {
  private ExportFixtures() {}

  static final String SOURCE = "/media/library/news, take #2.mp4";
  static final String PRODUCER = "geometry@2.1#a1b2c3d4";

  /** Text every format must carry or escape: CSV quotes, VTT markup, ffmetadata specials. */
  static final String TRICKY =
      "scale grows 2.1 %/frame, residual parallax 0.4 px < 1.5 px → zoom; \"not dolly\" & #1 = ok";

  /** Shot 0: frames 0-97 (pan-left, then pan-left + tilt-up); 1: 97-153 static; 2: 153-250. */
  static VideoTimeline programme(double fps, String startTimecode) {
    List<ShotTimeline> shots = new ArrayList<>();
    shots.add(
        shot(
            0,
            0,
            97,
            fps,
            false,
            List.of(
                segment(0, 48, fps, List.of("pan-left"), 0.93, null),
                segment(48, 97, fps, List.of("pan-left", "tilt-up"), 0.81, null))));
    shots.add(
        shot(
            1, 97, 153, fps, false, List.of(segment(97, 153, fps, List.of("static"), 0.99, null))));
    shots.add(
        shot(
            2,
            153,
            250,
            fps,
            true,
            List.of(
                segment(153, 170, fps, List.of(), 0.0, "undecodable frames: broken JPEG"),
                segment(170, 250, fps, List.of("zoom-in"), 0.88, null))));
    return new VideoTimeline(
        SOURCE,
        "news-take-2-1f2e",
        0,
        PRODUCER,
        fps,
        250,
        List.of(97L, 153L),
        List.of(),
        startTimecode,
        shots);
  }

  /**
   * A programme at 25 fps from 01:00:00:00 with every kind of transition: shot 0 (0-50) dissolves
   * over 20 frames into shot 1 (70-120), which fades to black (120-140, its black included); shot 2
   * fades in from it (140-150) and runs to a cut at 200; shot 3 (200-230) fades out to the end
   * (230-250).
   */
  static VideoTimeline transitions() {
    double fps = 25;
    long[][] frames = {{0, 50}, {70, 120}, {150, 200}, {200, 230}};
    String[] labels = {"pan-left", "static", "zoom-in", "tilt-up"};
    List<ShotTimeline> shots = new ArrayList<>();
    for (int i = 0; i < frames.length; i++) {
      long start = frames[i][0];
      long end = frames[i][1];
      shots.add(
          shot(
              i,
              start,
              end,
              fps,
              i == frames.length - 1,
              List.of(segment(start, end, fps, List.of(labels[i]), 0.9, null))));
    }
    return new VideoTimeline(
        SOURCE,
        "news-take-2-1f2e",
        0,
        PRODUCER,
        fps,
        250,
        List.of(200L),
        List.of(
            new Transition("dissolve", 50L, 70L),
            new Transition("fade-out", 120L, 140L),
            new Transition("fade-in", 140L, 150L),
            new Transition("cut", 200L, 201L),
            new Transition("fade-out", 230L, 250L)),
        "01:00:00:00",
        shots);
  }

  static ShotTimeline shot(
      int index, long start, long end, double fps, boolean last, List<Segment> segments) {
    return ShotTimeline.newBuilder()
        .setStreamId("news-take-2-1f2e")
        .setSource(SOURCE)
        .setShotIndex(index)
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(start / fps)
        .setEndSec(end / fps)
        .setFps(fps)
        .setStatus(ShotStatus.CLOSED)
        .setCloseReason(last ? "end-of-stream" : "next-shot")
        .setSegments(segments)
        .setWindowCount(segments.size() * 3)
        .setLastWindowSeq(index * 10L + 9)
        .setLastShot(last)
        .setCuts(last ? List.of(97L, 153L) : List.of())
        .setSession(0)
        .setProducer(PRODUCER)
        .setFailedWindows((int) segments.stream().filter(s -> s.getGap() != null).count())
        .build();
  }

  static Segment segment(
      long start, long end, double fps, List<String> labels, double confidence, String gap) {
    String answer = labels.isEmpty() ? "" : String.join(", ", labels);
    return Segment.newBuilder()
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(start / fps)
        .setEndSec(end / fps)
        .setLabels(labels)
        .setConfidence(confidence)
        .setScores(labels.isEmpty() ? Map.of() : Map.of(labels.get(0), confidence))
        .setObservation("frames " + start + "-" + end + ": " + TRICKY)
        .setThinking("because\nof " + TRICKY)
        .setAnswer(answer)
        .setWindowCount(3)
        .setGap(gap)
        .build();
  }
}
