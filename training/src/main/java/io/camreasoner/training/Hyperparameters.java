package io.camreasoner.training;

import java.util.List;
import java.util.Locale;

/**
 * How the motion model is trained.
 *
 * @param hidden widths of the hidden layers (ReLU), input side first
 * @param epochs most passes over the training windows
 * @param patience epochs without a better validation loss before training stops (early stopping;
 *     the best epoch's weights are kept)
 * @param batchSize windows per Adam step
 * @param learningRate Adam's step size
 * @param weightDecay L2 penalty on the weights (added to the gradients)
 * @param seed seed of PyTorch's initialisation and of the shuffling
 */
public record Hyperparameters(
    List<Integer> hidden,
    int epochs,
    int patience,
    int batchSize,
    float learningRate,
    float weightDecay,
    long seed) {

  /** Validates the values. */
  public Hyperparameters {
    hidden = List.copyOf(hidden);
    if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden layers must be given and positive: " + hidden);
    }
    if (epochs < 1 || patience < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs, patience and batch size must be >= 1");
    }
    if (!(learningRate > 0) || weightDecay < 0) {
      throw new IllegalArgumentException("learning rate must be > 0 and weight decay >= 0");
    }
  }

  /** One line for reports and model metadata. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "hidden %s, Adam lr %s, weight decay %s, batch %d, up to %d epochs, patience %d, seed %d",
        hidden,
        learningRate,
        weightDecay,
        batchSize,
        epochs,
        patience,
        seed);
  }
}
