package io.camreasoner.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native libraries the in-process services need (FFmpeg for ingest, OpenCV and the
 * OpenBLAS builds it links for ingest's JPEG encoding and the reasoner's tracking, RocksDB for the
 * aggregator's stores) on a background thread while the embedded broker starts. Loaded on first use
 * instead, they cost 2-3 s of wall time after the stack is up (OpenCV's core alone 1.6 s on the
 * 2-core development machine), in series with everything else; the broker's child JVM leaves the
 * parent idle for as long. A library that fails to load here is only logged: the service that needs
 * it reports the failure when it loads it itself.
 */
final class NativeWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(NativeWarmup.class);

  /**
   * Classes whose native libraries are loaded, in the order the pipeline first needs them:
   * JavaCPP's presets load a library and its dependencies when their class initialises; RocksDB's
   * class does not, so its {@code loadLibrary()} is called.
   */
  static final List<String> CLASSES =
      List.of(
          "org.bytedeco.ffmpeg.global.avutil",
          "org.bytedeco.ffmpeg.global.avcodec",
          "org.bytedeco.ffmpeg.global.avformat",
          "org.bytedeco.ffmpeg.global.swscale",
          "org.bytedeco.opencv.global.opencv_core",
          "org.bytedeco.opencv.global.opencv_imgproc",
          "org.bytedeco.opencv.global.opencv_imgcodecs",
          "org.bytedeco.opencv.global.opencv_video",
          "org.rocksdb.RocksDB");

  private NativeWarmup() {}

  /**
   * Starts loading {@link #CLASSES} on a daemon thread. The future completes with the classes that
   * could not be loaded (empty when all loaded); it never completes exceptionally.
   */
  static CompletableFuture<List<String>> start() {
    return start(CLASSES);
  }

  /** Starts loading {@code classes} on a daemon thread; see {@link #start()}. */
  static CompletableFuture<List<String>> start(List<String> classes) {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              long t0 = System.nanoTime();
              List<String> failed = new ArrayList<>();
              for (String name : classes) {
                if (!load(name)) {
                  failed.add(name);
                }
              }
              LOG.debug(
                  "native libraries loaded in {} ms{}",
                  (System.nanoTime() - t0) / 1_000_000,
                  failed.isEmpty() ? "" : " (not loaded: " + failed + ")");
              done.complete(Collections.unmodifiableList(failed));
            },
            "stack-native-warmup");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  private static boolean load(String name) {
    try {
      Class<?> type = Class.forName(name, true, NativeWarmup.class.getClassLoader());
      if (name.equals("org.rocksdb.RocksDB")) {
        type.getMethod("loadLibrary").invoke(null);
      }
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      LOG.debug("native warm-up could not load {}: {}", name, e.toString());
      return false;
    }
  }
}
