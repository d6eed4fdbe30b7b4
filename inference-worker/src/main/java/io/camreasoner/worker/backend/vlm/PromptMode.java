package io.camreasoner.worker.backend.vlm;

/** How the VLM is asked about a window (config {@code vlm.prompt.mode}). */
public enum PromptMode {
  /** One lettered multiple-choice question over the 15 labels: one call per window. */
  MULTIPLE_CHOICE("multiple-choice"),
  /**
   * One yes/no question per moving label (14 calls per window), as CameraBench scores its binary
   * tasks; closer to how CamReasoner was evaluated, more calls.
   */
  PER_PRIMITIVE("per-primitive");

  private final String configValue;

  PromptMode(String configValue) {
    this.configValue = configValue;
  }

  /** The value as written in configuration. */
  public String configValue() {
    return configValue;
  }
}
