package io.camreasoner.worker.backend.geometry;

import io.camreasoner.reasoner.AnalysisFrame;
import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.GeometricReasoner;
import io.camreasoner.reasoner.GeometryConfig;
import io.camreasoner.reasoner.MotionCues;
import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.DecodedFrame;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.backend.model.FeatureSource;
import io.camreasoner.worker.backend.model.MeasuredWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code geometry} backends: one {@link GeometricReasoner} per processing thread over one
 * {@link GeometryConfig}. Also the feature source of the {@code model} backend ({@link
 * #featureSource()}), so a learned model sees exactly what the geometric reasoner measures.
 */
public final class GeometryBackendFactory implements BackendFactory {

  private final GeometryConfig config;

  public GeometryBackendFactory(GeometryConfig config) {
    this.config = config;
  }

  /** With the reasoner's documented defaults. */
  public GeometryBackendFactory() {
    this(GeometryConfig.defaults());
  }

  @Override
  public String name() {
    return "geometry";
  }

  /** The geometric reasoner works window by window: batching buys nothing. */
  @Override
  public int preferredBatchSize() {
    return 1;
  }

  @Override
  public ReasonerBackend create() {
    return new GeometryBackend(new GeometricReasoner(config), version(config));
  }

  /** Nothing beyond the version: it is a digest of the reasoner's whole configuration. */
  @Override
  public String resultSettings() {
    return "";
  }

  /**
   * A feature source over a new reasoner (one per processing thread): one {@link
   * GeometricReasoner#analyse} pass gives the motion descriptor, the cues and the geometric
   * decision.
   */
  public FeatureSource featureSource() {
    GeometricReasoner reasoner = new GeometricReasoner(config);
    return w -> {
      GeometricReasoner.Analysis a;
      try {
        a = reasoner.analyse(analysisWindow(w));
      } catch (IllegalArgumentException e) {
        throw new BackendException(w.describe() + ": " + e.getMessage(), false, 0, e);
      }
      ReasoningResult r = a.result();
      return new MeasuredWindow(
          toAvro(r.cues()), a.features(), r.scores(), r.labels(), r.observation());
    };
  }

  @Override
  public void close() {
    // nothing shared
  }

  /** Version string: reasoner name and a digest of the configuration it runs with. */
  static String version(GeometryConfig config) {
    return "geometric/" + Integer.toHexString(config.toString().hashCode());
  }

  /** The reasoner's view of a decoded window (grey frames are shared, not copied). */
  static AnalysisWindow analysisWindow(DecodedWindow w) {
    List<AnalysisFrame> frames = new ArrayList<>(w.frames().size());
    for (DecodedFrame f : w.frames()) {
      frames.add(
          new AnalysisFrame(f.gray(), f.width(), f.height(), f.frameNumber(), f.timestampMicros()));
    }
    return new AnalysisWindow(frames, w.fps());
  }

  /** The reasoner's cues as the Avro record of the contracts. */
  static io.camreasoner.schemas.avro.MotionCues toAvro(MotionCues c) {
    return io.camreasoner.schemas.avro.MotionCues.newBuilder()
        .setTranslationX(c.translationX())
        .setTranslationY(c.translationY())
        .setScaleRate(c.scaleRate())
        .setRollRate(c.rollRate())
        .setResidualParallax(c.residualParallax())
        .setParallaxRatio(c.parallaxRatio())
        .setFocusOfExpansionX(c.focusOfExpansionX())
        .setFocusOfExpansionY(c.focusOfExpansionY())
        .setInlierShare(c.inlierShare())
        .setMovingObjectShare(c.movingObjectShare())
        .setTrackCount(c.trackCount())
        .setTextureScore(c.textureScore())
        .setExtra(c.extra())
        .setPanRate(c.panRate())
        .setTiltRate(c.tiltRate())
        .setTranslationSpeed(c.translationSpeed())
        .setShake(c.shake())
        .setSteadiness(c.steadiness().label())
        .build();
  }
}
