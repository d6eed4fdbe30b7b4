package io.camreasoner.ingest.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

class AnalysisImageTest {

  /** A 320x180 BGR frame: colour gradients with sharp-edged blocks (texture JPEG must keep). */
  private static AnalysisImage scene() {
    int w = 320;
    int h = 180;
    byte[] bgr = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean block = ((x / 20) + (y / 15)) % 3 == 0;
        int i = (y * w + x) * 3;
        bgr[i] = (byte) (block ? 40 : x * 255 / w);
        bgr[i + 1] = (byte) (block ? 200 : y * 255 / h);
        bgr[i + 2] = (byte) (block ? 90 : (x + y) * 255 / (w + h));
      }
    }
    return new AnalysisImage(bgr, w, h);
  }

  private static int components(byte[] jpeg) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in);
      return reader.getRawImageType(0).getNumBands();
    } finally {
      reader.dispose();
    }
  }

  /** The grey plane a JPEG decodes to, read the way the worker reads it (its luma, as stored). */
  private static byte[] luma(byte[] jpeg) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setDestinationType(
          ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY));
      BufferedImage image = reader.read(0, param);
      return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    } finally {
      reader.dispose();
    }
  }

  @Test
  void shouldEncodeOneGreyComponentWithTheColourFramesLumaWhenColourIsOff() throws IOException {
    AnalysisImage image = scene();
    byte[] colour = image.jpeg(85, true);
    byte[] grey = image.jpeg(85, false);
    assertThat(components(colour)).isEqualTo(3);
    assertThat(components(grey)).isEqualTo(1);
    assertThat(grey.length).isLessThan(colour.length);
    byte[] a = luma(colour);
    byte[] b = luma(grey);
    assertThat(b).hasSameSizeAs(a).hasSize(320 * 180);
    double meanDifference = 0;
    for (int i = 0; i < a.length; i++) {
      meanDifference += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    meanDifference /= a.length;
    // the same luma plane, quantised alike: apart only by the two colour conversions' rounding
    assertThat(meanDifference).isLessThan(0.25);
  }
}
