package io.camreasoner.worker.decode;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.SampledFrame;
import io.camreasoner.worker.backend.DecodedFrame;
import io.camreasoner.worker.backend.DecodedWindow;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the JPEG frames of a window with {@link ImageIO} and checks them: every frame must decode
 * and have the window's width and height. Stateless and thread-safe.
 */
public final class WindowDecoder {
  private static final ImageTypeSpecifier GREY =
      ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY);

  /** Decodes every frame of a (non end-of-stream) window. */
  public DecodedWindow decode(FrameWindow window) throws UndecodableWindowException {
    String where = "window " + window.getStreamId() + "#" + window.getWindowSeq();
    if (window.getFrames().isEmpty()) {
      throw new UndecodableWindowException(where + " has no frames", null);
    }
    List<DecodedFrame> frames = new ArrayList<>(window.getFrames().size());
    for (SampledFrame f : window.getFrames()) {
      byte[] jpeg = bytes(f.getJpeg());
      Decoded decoded;
      try {
        decoded = readJpeg(jpeg);
      } catch (IOException | RuntimeException e) {
        throw new UndecodableWindowException(
            where + " frame " + f.getFrameNumber() + " is not a decodable JPEG: " + e.getMessage(),
            e);
      }
      BufferedImage image = decoded == null ? null : decoded.image();
      if (image == null) {
        throw new UndecodableWindowException(
            where
                + " frame "
                + f.getFrameNumber()
                + " is not a decodable JPEG ("
                + jpeg.length
                + " bytes)",
            null);
      }
      if (image.getWidth() != window.getWidth() || image.getHeight() != window.getHeight()) {
        throw new UndecodableWindowException(
            where
                + " frame "
                + f.getFrameNumber()
                + " is "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + " but the window says "
                + window.getWidth()
                + "x"
                + window.getHeight(),
            null);
      }
      frames.add(
          new DecodedFrame(
              f.getFrameNumber(),
              f.getTimestampMicros(),
              jpeg,
              gray(image),
              image.getWidth(),
              image.getHeight(),
              decoded.colour()));
    }
    return new DecodedWindow(window, frames);
  }

  /**
   * Reads one JPEG as grey, treating decoder warnings (a truncated file, corrupt entropy data) as
   * errors: {@link ImageIO#read} would silently return a half-grey image. Decoding straight to grey
   * lets the decoder take the luma plane as it is (no chroma upsampling or colour conversion),
   * about three times cheaper than decoding colour and converting.
   */
  private static Decoded readJpeg(byte[] jpeg) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    // in memory: ImageIO's default file cache is closed by its shutdown hook, which would fail the
    // windows a stopping worker still finishes (Ctrl-C, SIGTERM)
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      ImageReadParam grey = reader.getDefaultReadParam();
      grey.setDestinationType(GREY);
      ImageTypeSpecifier raw = reader.getRawImageType(0);
      BufferedImage image = reader.read(0, grey);
      if (!warnings.isEmpty()) {
        throw new IOException(String.join("; ", warnings));
      }
      return image == null ? null : new Decoded(image, raw == null || raw.getNumBands() >= 3);
    } finally {
      reader.dispose();
    }
  }

  /** A JPEG decoded to grey, and whether it was in colour. */
  private record Decoded(BufferedImage image, boolean colour) {}

  /** Grey (BT.601 luma) of a decoded image; fast path for the 3-byte BGR images JPEG gives. */
  static byte[] gray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h];
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
        && image.getRaster().getDataBuffer() instanceof DataBufferByte g
        && g.getData().length == out.length) {
      System.arraycopy(g.getData(), 0, out, 0, out.length);
      return out;
    }
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte d
        && d.getData().length == out.length * 3) {
      byte[] bgr = d.getData();
      for (int i = 0, j = 0; i < out.length; i++, j += 3) {
        int b = bgr[j] & 0xff;
        int g = bgr[j + 1] & 0xff;
        int r = bgr[j + 2] & 0xff;
        out[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
      }
      return out;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        out[y * w + x] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
      }
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
