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
 * @param jitter handheld shake: every frame's yaw and pitch are off the smooth path by an
 *     independent random angle of this RMS, in degrees (0 = a tripod); it names no label
 */
public record CameraMotion(
    double yaw,
    double pitch,
    double roll,
    double truck,
    double pedestal,
    double dolly,
    double zoom,
    double jitter) {

  /** A still camera. */
  public static final CameraMotion STATIC = new CameraMotion(0, 0, 0, 0, 0, 0, 0);

  /** Constant rates without shake (a tripod, a dolly, a crane). */
  public CameraMotion(
      double yaw,
      double pitch,
      double roll,
      double truck,
      double pedestal,
      double dolly,
      double zoom) {
    this(yaw, pitch, roll, truck, pedestal, dolly, zoom, 0);
  }

  /** This motion with handheld shake of {@code degrees} RMS per frame (see {@link #jitter()}). */
  public CameraMotion withJitter(double degrees) {
    return new CameraMotion(yaw, pitch, roll, truck, pedestal, dolly, zoom, degrees);
  }

  /**
   * The shake's offset of one axis (0 = yaw, 1 = pitch) at time t, degrees: a deterministic
   * Gaussian draw per frame time, so a scene renders the same path twice.
   */
  double jitterAt(double t, int axis) {
    if (jitter == 0) {
      return 0;
    }
    long key = Math.round(t * 1e6) * 31 + axis;
    return jitter * new java.util.Random(key * 0x9E3779B97F4A7C15L).nextGaussian();
  }

  /**
   * This motion plus one more component for a label at a speed (the label's unit, always positive).
   */
  public CameraMotion plus(MotionLabel label, double speed) {
    double s = label.direction() * Math.abs(speed);
    double j = jitter;
    return switch (label.kind()) {
      case STATIC -> this;
      case PAN -> new CameraMotion(yaw + s, pitch, roll, truck, pedestal, dolly, zoom, j);
      case TILT -> new CameraMotion(yaw, pitch + s, roll, truck, pedestal, dolly, zoom, j);
      case ROLL -> new CameraMotion(yaw, pitch, roll + s, truck, pedestal, dolly, zoom, j);
      case TRUCK -> new CameraMotion(yaw, pitch, roll, truck + s, pedestal, dolly, zoom, j);
      case PEDESTAL -> new CameraMotion(yaw, pitch, roll, truck, pedestal + s, dolly, zoom, j);
      case DOLLY -> new CameraMotion(yaw, pitch, roll, truck, pedestal, dolly + s, zoom, j);
      case ZOOM -> new CameraMotion(yaw, pitch, roll, truck, pedestal, dolly, zoom + s, j);
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
