package io.camreasoner.worker.testing;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.SampledFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Frame windows of a textured scene seen by a panning camera, at a realistic analysis size: random
 * grey rectangles and discs on a canvas wider than the frame, cropped at a moving offset. For
 * throughput measurements, where the content must give trackers real corners.
 */
public final class SyntheticWindows {

  private SyntheticWindows() {}

  /**
   * A window of {@code frames} frames of {@code w}x{@code h}, content moving {@code dx} px/frame.
   */
  public static FrameWindow panning(
      String streamId, long seq, int frames, int w, int h, int dx, long seed) {
    int canvasWidth = w + Math.abs(dx) * frames + 1;
    BufferedImage canvas = new BufferedImage(canvasWidth, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = canvas.createGraphics();
    Random r = new Random(seed);
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, canvasWidth, h);
    for (int i = 0; i < canvasWidth * h / 150; i++) {
      int v = r.nextInt(256);
      g.setColor(new Color(v, v, v));
      int x = r.nextInt(canvasWidth);
      int y = r.nextInt(h);
      int s = 3 + r.nextInt(Math.max(4, h / 10));
      if (r.nextBoolean()) {
        g.fillRect(x, y, s, s);
      } else {
        g.fillOval(x, y, s, s);
      }
    }
    g.dispose();
    List<SampledFrame> list = new ArrayList<>();
    long first = seq * frames * 3L;
    for (int i = 0; i < frames; i++) {
      int offset = dx >= 0 ? i * dx : (frames - 1 - i) * -dx;
      BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D fg = frame.createGraphics();
      fg.drawImage(canvas, -offset, 0, null);
      fg.dispose();
      long n = first + 3L * i;
      list.add(
          SampledFrame.newBuilder()
              .setFrameNumber(n)
              .setTimestampMicros(n * 40_000L)
              .setJpeg(ByteBuffer.wrap(TestWindows.jpeg(frame)))
              .build());
    }
    long last = first + 3L * (frames - 1);
    return FrameWindow.newBuilder()
        .setStreamId(streamId)
        .setSource("synthetic://" + streamId)
        .setWindowSeq(seq)
        .setShotIndex(0)
        .setFirstFrame(first)
        .setLastFrame(last)
        .setStartMicros(first * 40_000L)
        .setEndMicros(last * 40_000L)
        .setFps(25.0)
        .setWidth(w)
        .setHeight(h)
        .setFrames(list)
        .setShotStartFrame(0)
        .build();
  }
}
