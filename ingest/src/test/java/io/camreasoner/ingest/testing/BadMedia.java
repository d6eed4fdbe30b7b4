package io.camreasoner.ingest.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Bad inputs of every kind ingest must survive, each written into a directory: the ingest tests
 * check each reason alone, the launcher's end-to-end tests pass them all to {@code analyze}
 * together with good videos.
 */
public final class BadMedia {
  private BadMedia() {}

  /** A path where no file exists. */
  public static Path missing(Path dir) {
    return dir.resolve("nope.mp4");
  }

  /** A 0-byte .mp4. */
  public static Path empty(Path dir) throws IOException {
    return Files.write(dir.resolve("empty.mp4"), new byte[0]);
  }

  /** 64 KiB of random bytes named .mp4. */
  public static Path randomBytes(Path dir) throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(1).nextBytes(noise);
    return Files.write(dir.resolve("random.mp4"), noise);
  }

  /** A text file named .avi. */
  public static Path textAvi(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("notes.avi"), "these are my holiday notes, not a video\n".repeat(50));
  }

  /** The first half of a good MP4 (its index, at the end, is missing). */
  public static Path truncated(Path dir, Path goodMp4) throws IOException {
    byte[] bytes = Files.readAllBytes(goodMp4);
    return Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
  }

  /** A good MP4 with 300 bytes of its media data damaged in the middle (the index intact). */
  public static Path corruptMiddle(Path dir, Path goodMp4) throws IOException {
    byte[] bytes = Files.readAllBytes(goodMp4);
    Random random = new Random(7);
    for (int i = bytes.length / 3; i < bytes.length / 3 + 300; i += 7) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return Files.write(dir.resolve("corrupt.mp4"), bytes);
  }

  /** An HTTP URL on a loopback port nobody listens on. */
  public static String unreachableUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/live.mp4";
  }

  /** An AVI whose video fourcc names no codec FFmpeg knows (MJPEG written, fourcc renamed). */
  public static Path unsupportedCodec(Path dir) throws IOException {
    Path avi = dir.resolve("odd-codec.avi");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(avi.toFile(), 160, 90, 0);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("avi");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
      recorder.setFrameRate(25);
      recorder.start();
      BufferedImage image = new BufferedImage(160, 90, BufferedImage.TYPE_3BYTE_BGR);
      for (int i = 0; i < 10; i++) {
        recorder.record(converter.convert(image));
      }
      recorder.stop();
    }
    byte[] bytes = Files.readAllBytes(avi);
    int patched = 0;
    for (int i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] == 'M' && bytes[i + 1] == 'J' && bytes[i + 2] == 'P' && bytes[i + 3] == 'G') {
        bytes[i] = 'Z';
        bytes[i + 1] = 'Z';
        bytes[i + 2] = 'Z';
        bytes[i + 3] = 'Z';
        patched++;
      }
    }
    if (patched == 0) {
      throw new IllegalStateException("no MJPG fourcc found to rename in " + avi);
    }
    return Files.write(avi, bytes);
  }
}
