package io.camreasoner.worker.backend.vlm;

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
}
