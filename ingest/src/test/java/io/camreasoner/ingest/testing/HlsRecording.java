package io.camreasoner.ingest.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.camreasoner.synth.ClipRenderer;
import io.camreasoner.synth.Programme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A programme written as HLS by FFmpeg's own {@code hls} muxer (through FFmpegFrameRecorder: the
 * {@code ffmpeg} executable JavaCV ships needs libpulse, which CI machines lack), MPEG-4 part 2 in
 * MPEG-TS segments of one GOP each, the way {@code ffmpeg -re ... -f hls} writes a live stream: in
 * real time (each frame recorded when it is due) or at full speed. The playlist and segments are
 * written to temporary names and renamed ({@code hls_flags temp_file}), so a server never serves a
 * half-written file. When recording stops the muxer closes the playlist with {@code
 * #EXT-X-ENDLIST}.
 */
public final class HlsRecording implements AutoCloseable {
  /** The kind of playlist. */
  public enum Kind {
    /** A live event playlist: every segment stays listed, ENDLIST comes at the end. */
    EVENT,
    /** A live sliding window of two segments, older segments deleted: a client can fall behind. */
    SLIDING,
    /** A finished (VOD) playlist, written at full speed. */
    VOD
  }

  /** The playlist's file name. */
  public static final String PLAYLIST = "live.m3u8";

  private final Path dir;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean stop;
  private volatile long endListNanos;

  /** Longest a recording holds its ENDLIST back for {@code mayEnd} (then it ends anyway). */
  private static final long MAX_HOLD_SECONDS = 90;

  private HlsRecording(
      Path dir, Programme programme, Kind kind, boolean realTime, BooleanSupplier mayEnd) {
    this.dir = dir;
    this.thread = new Thread(() -> record(programme, kind, realTime, mayEnd), "hls-recording");
    thread.setDaemon(true);
  }

  /**
   * Starts writing a programme into a directory as HLS with one-second segments: a VOD playlist at
   * full speed, live playlists in real time.
   */
  public static HlsRecording start(Path dir, Programme programme, Kind kind) {
    return start(dir, programme, kind, () -> true);
  }

  /**
   * As {@link #start(Path, Programme, Kind)}, but the last frame and the ENDLIST wait until {@code
   * mayEnd} holds (at most {@value #MAX_HOLD_SECONDS} s): a test that needs its reader to see the
   * playlist live, however slowly the reader starts on a loaded machine, holds the end until the
   * playlist has been served.
   */
  public static HlsRecording start(
      Path dir, Programme programme, Kind kind, BooleanSupplier mayEnd) {
    HlsRecording recording = new HlsRecording(dir, programme, kind, kind != Kind.VOD, mayEnd);
    recording.thread.start();
    return recording;
  }

  /** Waits until the playlist lists at least {@code segments} segments. */
  public void awaitSegments(int segments, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Path playlist = dir.resolve(PLAYLIST);
      if (Files.exists(playlist)
          && Files.readAllLines(playlist).stream().filter(l -> l.endsWith(".ts")).count()
              >= segments) {
        return;
      }
      if (done.isCompletedExceptionally()) {
        done.get();
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("no " + segments + " HLS segments within " + timeout);
  }

  /** Waits until the recording is finished and the playlist has its ENDLIST. */
  public void awaitEnd(Duration timeout) throws Exception {
    done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@link System#nanoTime()} when the playlist got its ENDLIST (0 before). */
  public long endListNanos() {
    return endListNanos;
  }

  /** Stops recording early (the playlist still gets its ENDLIST). */
  @Override
  public void close() {
    stop = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The segments the playlist lists now. */
  public List<String> listedSegments() throws IOException {
    return Files.readAllLines(dir.resolve(PLAYLIST)).stream()
        .filter(l -> l.endsWith(".ts"))
        .toList();
  }

  private void record(Programme programme, Kind kind, boolean realTime, BooleanSupplier mayEnd) {
    FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(
            dir.resolve(PLAYLIST).toString(), programme.width(), programme.height(), 0);
    recorder.setFormat("hls");
    recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(programme.fps());
    recorder.setGopSize((int) Math.round(programme.fps()));
    recorder.setVideoQuality(5);
    // the hls muxer asks for global headers; MPEG-4 then keeps its VOL header out of the stream,
    // and a reader joining mid-stream could not decode: repeat it at every key frame instead
    recorder.setVideoOption("flags", "-global_header");
    recorder.setOption("hls_time", "1");
    recorder.setOption("hls_segment_filename", dir.resolve("seg%03d.ts").toString());
    switch (kind) {
      case EVENT -> {
        recorder.setOption("hls_playlist_type", "event");
        recorder.setOption("hls_flags", "temp_file");
      }
      case SLIDING -> {
        recorder.setOption("hls_list_size", "2");
        recorder.setOption("hls_flags", "temp_file+delete_segments");
      }
      case VOD -> {
        recorder.setOption("hls_playlist_type", "vod");
        recorder.setOption("hls_flags", "temp_file");
      }
    }
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.start();
      long start = System.nanoTime();
      int index = 0;
      frames:
      for (Programme.Shot shot : programme.shots()) {
        try (ClipRenderer renderer = new ClipRenderer(shot.spec())) {
          for (int i = 0; i < shot.spec().frames(); i++, index++) {
            if (stop) {
              break frames;
            }
            if (index == programme.frames() - 1) {
              holdUntil(mayEnd);
            }
            long wait = start + Math.round(index * 1e9 / programme.fps()) - System.nanoTime();
            if (realTime && wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            try (PointerScope scope = new PointerScope()) {
              byte[] bgr = renderer.renderBgr(i);
              Mat frame =
                  new Mat(
                      programme.height(),
                      programme.width(),
                      opencv_core.CV_8UC3,
                      new BytePointer(bgr));
              recorder.record(converter.convert(frame));
            }
          }
        }
      }
      recorder.stop();
      endListNanos = System.nanoTime();
      done.complete(null);
    } catch (Exception e) {
      done.completeExceptionally(e);
    } finally {
      try {
        recorder.release();
      } catch (Exception e) {
        // nothing more to free
      }
    }
  }

  /** Waits (polling, at most {@value #MAX_HOLD_SECONDS} s, or until closed) for {@code mayEnd}. */
  private void holdUntil(BooleanSupplier mayEnd) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_HOLD_SECONDS);
    while (!stop && !mayEnd.getAsBoolean() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
