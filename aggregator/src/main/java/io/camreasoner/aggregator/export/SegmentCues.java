package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.Segment;

/**
 * The measured speed of a segment's movement, for the exports that show it (CSV columns, WebVTT cue
 * text): pan, tilt and roll in degrees per second, zoom as a scale factor per second, the relative
 * translation speed (frame-widths per second) of dolly, truck and pedestal, the share of the frame
 * that moves on its own, and the steadiness of the camera ({@code steady}, {@code slight-shake} or
 * {@code handheld}: the segment's {@code steadiness}, that of most of its windows).
 *
 * <p>The fold measures them per segment ({@code Segment.avsc}: the duration-weighted mean of its
 * windows' cues); a segment written before they existed has none. Every value is null when absent.
 *
 * @param panDegPerSec pan rate, degrees per second (sign as measured)
 * @param tiltDegPerSec tilt rate, degrees per second
 * @param rollDegPerSec roll rate, degrees per second
 * @param zoomPerSec zoom as scale factor per second (1.10 = 10 % larger each second)
 * @param translationSpeed relative translation speed, frame-widths per second
 * @param moverShare share (0..1) of the frame moving independently of the camera
 * @param steadiness how steady the camera is: steady, slight-shake or handheld
 */
public record SegmentCues(
    Double panDegPerSec,
    Double tiltDegPerSec,
    Double rollDegPerSec,
    Double zoomPerSec,
    Double translationSpeed,
    Double moverShare,
    String steadiness) {

  /** No cues at all. */
  public static final SegmentCues NONE = new SegmentCues(null, null, null, null, null, null, null);

  /** True when no cue is known. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /** The cues the segment carries ({@link #NONE} for null). */
  public static SegmentCues of(Segment segment) {
    if (segment == null) {
      return NONE;
    }
    return new SegmentCues(
        segment.getPanDegPerSec(),
        segment.getTiltDegPerSec(),
        segment.getRollDegPerSec(),
        segment.getZoomPerSec(),
        segment.getTranslationSpeed(),
        segment.getMoverShare(),
        segment.getSteadiness());
  }
}
