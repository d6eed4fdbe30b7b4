package io.camreasoner.ingest;

import io.camreasoner.ingest.cuts.TransitionDetector;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.window.WindowSettings;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.kafka.acl.AclRequirement;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;

/**
 * Every option of the ingest service, declared once (README table and {@code --help} come from
 * here).
 */
public final class IngestSettings {
  private IngestSettings() {}

  public static final Setting<String> BOOTSTRAP = ClusterSettings.BOOTSTRAP;
  public static final Setting<String> REGISTRY_URL = ClusterSettings.REGISTRY_URL;
  public static final Setting<String> REGISTRY_AUTH = ClusterSettings.REGISTRY_AUTH;
  public static final Setting<String> TOPIC =
      Setting.string(
          "topics.frame-windows",
          Topics.FRAME_WINDOWS.name(),
          "Topic the frame windows are published to.");
  public static final Setting<String> STREAM_ID =
      Setting.string(
          "ingest.stream-id",
          "",
          "Stream id of a single input (empty = derived from the source: name + hash).");
  public static final Setting<Integer> THREADS =
      Setting.integer("ingest.threads", 0, "Inputs decoded at once; 0 = number of cores.")
          .range(0, 256);
  public static final Setting<String> LIVE =
      Setting.choice(
          "source.live",
          "auto",
          List.of("auto", "true", "false"),
          "Treat inputs as live (reconnected after drops, paced by timestamps): auto = RTSP/RTMP/SRT/UDP/RTP URLs and HLS playlists without #EXT-X-ENDLIST.");
  public static final Setting<Boolean> PACE =
      Setting.bool(
          "source.pace",
          false,
          "Pace files by their timestamps as if live (simulating a live feed).");
  public static final Setting<Duration> TIMEOUT =
      Setting.duration(
          "source.timeout",
          "10s",
          "How long opening a source or one read may block before it fails.");
  public static final Setting<Integer> MAX_RECONNECTS =
      Setting.integer(
              "source.max-reconnects",
              5,
              "Reconnect attempts of a live source after a drop before it fails (the budget refills once it delivers again).")
          .range(0, 1000);
  public static final Setting<Duration> RECONNECT_BACKOFF =
      Setting.duration(
          "source.reconnect-backoff",
          "1s",
          "First back-off between reconnects (doubles, at most 30 s).");
  public static final Setting<String> HLS_START =
      Setting.choice(
          "source.hls-start",
          "live-edge",
          List.of("live-edge", "first"),
          "Where reading a live HLS playlist starts: live-edge (its last 3 segments, as players do) or first (its first listed segment, read at full speed until live).");
  public static final Setting<Double> SAMPLE_FPS =
      Setting.decimal(
              "window.sample-fps",
              WindowSettings.defaults().sampleFps(),
              "Frames sampled per second of video.")
          .range(0.5, 120.0);
  public static final Setting<Integer> WINDOW_FRAMES =
      Setting.integer(
              "window.frames",
              WindowSettings.defaults().framesPerWindow(),
              "Sampled frames per window.")
          .range(2, 64);
  public static final Setting<Integer> WINDOW_HOP =
      Setting.integer(
              "window.hop",
              WindowSettings.defaults().hopFrames(),
              "Sampled frames between window starts (= window.frames: no overlap).")
          .range(1, 64);
  public static final Setting<Integer> WINDOW_WIDTH =
      Setting.integer(
              "window.width",
              WindowSettings.defaults().analysisWidth(),
              "Width in pixels of sampled frames (never upscaled).")
          .range(64, 3840);
  public static final Setting<Integer> JPEG_QUALITY =
      Setting.integer(
              "window.jpeg-quality",
              WindowSettings.defaults().jpegQuality(),
              "JPEG quality of sampled frames.")
          .range(1, 100);
  public static final Setting<String> COLOUR =
      Setting.choice(
          "window.colour",
          WindowSettings.defaults().colour().optionValue(),
          List.of("first", "all"),
          "Which sampled frames are sent in colour: first = each shot's first (its thumbnail), the rest as grey JPEGs (all the geometry and model backends read; cheaper to encode, decode and send); all = every frame, for the vlm backend.");
  public static final Setting<Double> CUT_MIN_DISTANCE =
      Setting.decimal(
              "cuts.min-distance",
              0.45,
              "Smallest thumbnail change that can be a cut (normalised units).")
          .range(0.05, 2.0);
  public static final Setting<Double> CUT_RATIO =
      Setting.decimal(
              "cuts.ratio",
              3.0,
              "A cut's change must exceed this multiple of the shot's typical change.")
          .range(1.0, 50.0);

  /** The ingest group, with the ops endpoint settings. */
  public static final SettingGroup GROUP =
      SettingGroup.of(
              "ingest",
              BOOTSTRAP,
              ClusterSettings.KAFKA_CONFIG_FILE,
              REGISTRY_URL,
              REGISTRY_AUTH,
              TOPIC,
              STREAM_ID,
              THREADS,
              LIVE,
              PACE,
              TIMEOUT,
              MAX_RECONNECTS,
              RECONNECT_BACKOFF,
              HLS_START,
              SAMPLE_FPS,
              WINDOW_FRAMES,
              WINDOW_HOP,
              WINDOW_WIDTH,
              JPEG_QUALITY,
              COLOUR,
              CUT_MIN_DISTANCE,
              CUT_RATIO)
          .with(ClusterSettings.GROUP, OpsServer.SETTINGS);

  /**
   * What the ingest principal must be allowed on a secured cluster (checked at start-up, printed by
   * {@code camreasoner acls}): write windows (idempotently; WRITE covers it since Kafka 3.0).
   */
  public static List<AclRequirement> acls(SettingGroup.Config c) {
    return List.of(
        AclRequirement.topic(
            c.get(TOPIC), "writes frame windows", AclOperation.WRITE, AclOperation.DESCRIBE));
  }

  /** Prefixes of the options that shape how inputs are read (source.*, window.*, cuts.*). */
  public static final List<String> READING_PREFIXES = List.of("source.", "window.", "cuts.");

  /**
   * The per-stream pipeline settings of a few reading options by name (the defaults for the rest),
   * as commands that run ingest inside a larger stack take them ({@code --ingest-option}).
   *
   * @throws IllegalArgumentException naming an option that is not a reading option or a bad value
   */
  public static StreamIngestor.Settings readingOptions(Map<String, String> options) {
    for (String name : options.keySet()) {
      if (READING_PREFIXES.stream().noneMatch(name::startsWith)) {
        throw new IllegalArgumentException(
            name + ": only " + READING_PREFIXES + " options are taken");
      }
    }
    return pipeline(GROUP.parse(options, name -> null));
  }

  /** The per-stream pipeline settings of a parsed configuration. */
  public static StreamIngestor.Settings pipeline(SettingGroup.Config c) {
    if (c.get(WINDOW_HOP) > c.get(WINDOW_FRAMES)) {
      throw new IllegalArgumentException(
          "window.hop="
              + c.get(WINDOW_HOP)
              + " must not exceed window.frames="
              + c.get(WINDOW_FRAMES));
    }
    return new StreamIngestor.Settings(
        new WindowSettings(
            c.get(SAMPLE_FPS),
            c.get(WINDOW_FRAMES),
            c.get(WINDOW_HOP),
            c.get(WINDOW_WIDTH),
            c.get(JPEG_QUALITY),
            WindowSettings.Colour.ofOption(c.get(COLOUR))),
        new TransitionDetector.Settings(
            c.get(CUT_MIN_DISTANCE),
            c.get(CUT_RATIO),
            TransitionDetector.Settings.defaults().history(),
            TransitionDetector.Settings.defaults().minShotFrames()),
        c.get(TIMEOUT),
        c.get(PACE),
        c.get(MAX_RECONNECTS),
        c.get(RECONNECT_BACKOFF),
        c.get(HLS_START).equals("first"));
  }
}
