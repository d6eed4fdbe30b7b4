package io.camreasoner.worker.backend.vlm;

import java.util.Arrays;
import java.util.Locale;

/** How a window's frames reach the VLM (config {@code vlm.input}). */
public enum FrameInput {
  /** One {@code image_url} part per sampled frame (JPEG data URLs): every server takes it. */
  IMAGES("images"),
  /**
   * The sampled frames as one short video ({@code video_url} part, an MP4 data URL at the frames'
   * own rate), as CamReasoner was trained on video: vLLM serves it for the Qwen2.5-VL family.
   */
  VIDEO("video");

  private final String configValue;

  FrameInput(String configValue) {
    this.configValue = configValue;
  }

  /** The value as written in configuration. */
  public String configValue() {
    return configValue;
  }

  /** Parses a configuration value, failing with a message listing the accepted values. */
  public static FrameInput fromConfig(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.configValue.equals(v))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "vlm.input '"
                        + value
                        + "' is not one of "
                        + Arrays.stream(values()).map(FrameInput::configValue).toList()));
  }
}
