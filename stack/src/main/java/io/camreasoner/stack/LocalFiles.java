package io.camreasoner.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * The launcher's local files: its cache directory (as the {@code camreasoner} script chooses it)
 * and the removal of directory trees it made (run state, temporary stacks).
 */
public final class LocalFiles {
  private LocalFiles() {}

  /**
   * {@code $CAMREASONER_CACHE}, else {@code $XDG_CACHE_HOME/camreasoner}, else
   * ~/.cache/camreasoner.
   */
  public static Path cacheRoot() {
    String cache = System.getenv("CAMREASONER_CACHE");
    if (cache != null && !cache.isBlank()) {
      return Path.of(cache);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg == null || xdg.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache")
            : Path.of(xdg);
    return base.resolve("camreasoner");
  }

  /** Deletes {@code dir} and everything below it. */
  public static void deleteTree(Path dir) throws IOException {
    deleteTree(dir, p -> false);
  }

  /**
   * Deletes everything below {@code dir} but what {@code keep} names, and {@code dir} itself when
   * nothing was kept. A missing directory is nothing to do.
   */
  public static void deleteTree(Path dir, Predicate<Path> keep) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .filter(p -> !keep.test(p))
          .forEach(p -> p.toFile().delete());
    }
  }
}
