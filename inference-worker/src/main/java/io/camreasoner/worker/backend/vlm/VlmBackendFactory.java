package io.camreasoner.worker.backend.vlm;

import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.ReasonerBackend;

/** Makes vlm backends over one shared {@link ChatCompletionsClient}. */
public final class VlmBackendFactory implements BackendFactory {

  private final ChatCompletionsClient client;

  public VlmBackendFactory(VlmSettings settings) {
    this.client = new ChatCompletionsClient(settings);
  }

  @Override
  public String name() {
    return "vlm";
  }

  /** Enough windows to keep every allowed concurrent call busy. */
  @Override
  public int preferredBatchSize() {
    VlmSettings s = client.settings();
    return s.mode() == PromptMode.MULTIPLE_CHOICE ? s.maxConcurrency() : 1;
  }

  /** The served model, how it is asked and how much it is shown (not where it is served). */
  @Override
  public String resultSettings() {
    VlmSettings s = client.settings();
    return "model="
        + s.model()
        + ";mode="
        + s.mode().configValue()
        + ";images="
        + s.maxImages()
        + ";tokens="
        + s.maxTokens()
        + ";input="
        + s.input().configValue()
        + ";logprobs="
        + s.logprobs();
  }

  @Override
  public ReasonerBackend create() {
    return new VlmBackend(client);
  }

  @Override
  public void close() {
    client.close();
  }
}
