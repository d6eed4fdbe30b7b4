package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Constant camera motion rates, in units independent of resolution and frame rate.
 *
 * @param yaw pan rate in degrees per second, positive = pan-right
 * @param pitch tilt rate in degrees per second, positive = tilt-up
 * @param roll roll rate in degrees per second, positive = roll-cw
 * @param truck sideways speed in scene units per second, positive = truck-right
 * @param pedestal vertical speed in scene units per second, positive = pedestal-up
 * @param dolly forward speed in scene units per second, positive = dolly-in
 * @param zoom relative focal-length change per second (0.1 = +10 %/s), positive = zoom-in
 */
public record CameraMotion(
    double yaw,
    double pitch,
    double roll,
    double truck,
    double pedestal,
    double dolly,
    double zoom) {

  /** A still camera. */
  public static final CameraMotion STATIC = new CameraMotion(0, 0, 0, 0, 0, 0, 0);

  /**
   * This motion plus one more component for a label at a speed (the label's unit, always positive).
   */
  public CameraMotion plus(MotionLabel label, double speed) {
    double s = label.direction() * Math.abs(speed);
    return switch (label.kind()) {
      case STATIC -> this;
      case PAN -> new CameraMotion(yaw + s, pitch, roll, truck, pedestal, dolly, zoom);
      case TILT -> new CameraMotion(yaw, pitch + s, roll, truck, pedestal, dolly, zoom);
      case ROLL -> new CameraMotion(yaw, pitch, roll + s, truck, pedestal, dolly, zoom);
      case TRUCK -> new CameraMotion(yaw, pitch, roll, truck + s, pedestal, dolly, zoom);
      case PEDESTAL -> new CameraMotion(yaw, pitch, roll, truck, pedestal + s, dolly, zoom);
      case DOLLY -> new CameraMotion(yaw, pitch, roll, truck, pedestal, dolly + s, zoom);
      case ZOOM -> new CameraMotion(yaw, pitch, roll, truck, pedestal, dolly, zoom + s);
    };
  }

  /** The ground-truth labels of this motion: one per moving component, or {@code static}. */
  public List<MotionLabel> labels() {
    List<MotionLabel> labels = new ArrayList<>();
    add(labels, MotionLabel.Kind.PAN, yaw);
    add(labels, MotionLabel.Kind.TILT, pitch);
    add(labels, MotionLabel.Kind.ROLL, roll);
    add(labels, MotionLabel.Kind.ZOOM, zoom);
    add(labels, MotionLabel.Kind.DOLLY, dolly);
    add(labels, MotionLabel.Kind.TRUCK, truck);
    add(labels, MotionLabel.Kind.PEDESTAL, pedestal);
    return labels.isEmpty() ? List.of(MotionLabel.STATIC) : List.copyOf(labels);
  }

  /** True when the camera translates (the only motions that make parallax). */
  public boolean translates() {
    return truck != 0 || pedestal != 0 || dolly != 0;
  }

  private static void add(List<MotionLabel> labels, MotionLabel.Kind kind, double rate) {
    if (rate != 0) {
      labels.add(MotionLabel.of(kind, rate > 0 ? 1 : -1));
    }
  }
}
