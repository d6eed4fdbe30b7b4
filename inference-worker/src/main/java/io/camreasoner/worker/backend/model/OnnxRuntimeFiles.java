package io.camreasoner.worker.backend.model;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the directory ONNX Runtime's Java binding extracts its native libraries into, once they
 * are loaded. The binding (1.21) makes a fresh {@code onnxruntime-java*} directory under {@code
 * java.io.tmpdir} in every JVM and marks it for deletion on exit before its files, so at exit the
 * directory is not yet empty and stays behind, empty; a JVM that ends by {@code halt} (as {@code
 * analyze} does after a stop) keeps the libraries too. One directory per worker start or {@code
 * analyze} run fills {@code /tmp}. A loaded library is mapped, so on POSIX systems its file can go
 * at once; elsewhere (Windows holds loaded libraries open) nothing is touched and the binding's own
 * clean-up stays as it is.
 */
final class OnnxRuntimeFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeFiles.class);

  /** The binding's class and its static field naming the extraction directory. */
  private static final String RUNTIME_CLASS = "ai.onnxruntime.OnnxRuntime";

  private static final String DIRECTORY_FIELD = "tempDirectory";

  private OnnxRuntimeFiles() {}

  /**
   * The directory the binding extracted its libraries into in this JVM, when it has loaded them and
   * the binding is one that records it.
   */
  static Optional<Path> extractionDirectory() {
    try {
      Class<?> runtime =
          Class.forName(RUNTIME_CLASS, false, OnnxRuntimeFiles.class.getClassLoader());
      Field field = runtime.getDeclaredField(DIRECTORY_FIELD);
      field.setAccessible(true);
      return Optional.ofNullable((Path) field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another binding version, or none on the class path: nothing to tidy
      return Optional.empty();
    }
  }

  /**
   * Deletes the extraction directory and the libraries in it (already loaded), on POSIX systems;
   * never fails the caller, which has a working runtime either way.
   */
  static void removeExtracted() {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
      return;
    }
    Optional<Path> dir = extractionDirectory();
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir.get())) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : deepestFirst) {
        Files.deleteIfExists(p);
      }
      LOG.debug("removed ONNX Runtime's extracted libraries in {}", dir.get());
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove ONNX Runtime's extracted libraries in {}", dir.get(), e);
    }
  }
}
