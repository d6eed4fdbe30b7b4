package io.camreasoner.worker.testing;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.SampledFrame;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.decode.UndecodableWindowException;
import io.camreasoner.worker.decode.WindowDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Builds frame windows for tests: a textured pattern sliding {@code dx} pixels per frame. */
public final class TestWindows {

  private TestWindows() {}

  /** A window of {@code frames} JPEG frames, 64x48, content shifting {@code dx} px per frame. */
  public static FrameWindow window(String streamId, long seq, int frames, int dx) {
    int w = 64;
    int h = 48;
    List<SampledFrame> list = new ArrayList<>();
    long first = seq * frames * 2L;
    for (int i = 0; i < frames; i++) {
      long n = first + 2L * i;
      list.add(
          SampledFrame.newBuilder()
              .setFrameNumber(n)
              .setTimestampMicros(n * 40_000L)
              .setJpeg(ByteBuffer.wrap(jpeg(pattern(w, h, i * dx))))
              .build());
    }
    return FrameWindow.newBuilder()
        .setStreamId(streamId)
        .setSource("test://" + streamId)
        .setWindowSeq(seq)
        .setShotIndex(0)
        .setFirstFrame(first)
        .setLastFrame(first + 2L * (frames - 1))
        .setStartMicros(first * 40_000L)
        .setEndMicros((first + 2L * (frames - 1)) * 40_000L)
        .setFps(25.0)
        .setWidth(w)
        .setHeight(h)
        .setFrames(list)
        .setShotStartFrame(0)
        .build();
  }

  /** The same window decoded. */
  public static DecodedWindow decoded(String streamId, long seq, int frames, int dx) {
    try {
      return new WindowDecoder().decode(window(streamId, seq, frames, dx));
    } catch (UndecodableWindowException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deterministic textured image shifted by {@code shift} pixels. */
  public static BufferedImage pattern(int w, int h, int shift) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int u = x + shift;
        int v = (int) (127 + 60 * Math.sin(u * 0.4) + 60 * Math.cos(y * 0.3 + u * 0.05));
        img.setRGB(x, y, (v << 16) | (v << 8) | (255 - v));
      }
    }
    return img;
  }

  /** Encodes an image as JPEG. */
  public static byte[] jpeg(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, "jpg", out)) {
        throw new IllegalStateException("no JPEG writer");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
