package io.camreasoner.worker.loop;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.SampledFrame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The thumbnail of a shot: its first sampled frame, from the JPEG the shot's first window already
 * carries (no video decoding), scaled to {@link #WIDTH} pixels wide and encoded as a small JPEG.
 * Made once per shot, on its first window; every other window gets none. Pure and thread-safe.
 */
final class ShotThumbnail {

  /**
   * Width of a thumbnail in pixels: what a dashboard shows per shot above a timeline (a 16:9 frame
   * is then 90 pixels high, about 4 KB as JPEG).
   */
  static final int WIDTH = 160;

  /** JPEG quality of a thumbnail: small files that still show the scene. */
  private static final float QUALITY = 0.8f;

  private ShotThumbnail() {}

  /** Whether the window is its shot's first (it starts at the shot's first frame). */
  static boolean firstOfShot(FrameWindow w) {
    long shotStart = w.getShotStartFrame();
    return shotStart >= 0 ? w.getFirstFrame() <= shotStart : w.getFirstFrame() == 0;
  }

  /**
   * The thumbnail of the window's shot when the window is the shot's first one; empty otherwise,
   * and for a window without frames or whose first frame does not decode (the window's own decode
   * reports that).
   */
  static Optional<ByteBuffer> of(FrameWindow w) {
    if (w.getEndOfStream() || w.getFrames().isEmpty() || !firstOfShot(w)) {
      return Optional.empty();
    }
    SampledFrame first = w.getFrames().get(0);
    ByteBuffer jpeg = first.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    try {
      BufferedImage image =
          ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
      if (image == null) {
        return Optional.empty();
      }
      return Optional.of(ByteBuffer.wrap(encode(scaled(image))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The image at {@link #WIDTH} pixels wide, aspect kept (a narrower one as it is). */
  static BufferedImage scaled(BufferedImage image) {
    int width = Math.min(WIDTH, image.getWidth());
    int height = Math.max(1, Math.round(image.getHeight() * (float) width / image.getWidth()));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
