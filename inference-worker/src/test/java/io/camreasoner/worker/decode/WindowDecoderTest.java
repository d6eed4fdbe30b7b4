package io.camreasoner.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.testing.TestWindows;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowDecoderTest {

  private final WindowDecoder decoder = new WindowDecoder();

  @Test
  void shouldDecodeEveryFrameInOrder() throws Exception {
    FrameWindow w = TestWindows.window("s", 2, 4, 3);

    DecodedWindow d = decoder.decode(w);

    assertThat(d.frames()).hasSize(4);
    assertThat(d.frames().get(1).frameNumber()).isEqualTo(w.getFrames().get(1).getFrameNumber());
    assertThat(d.frames().get(0).width()).isEqualTo(64);
    assertThat(d.frames().get(0).gray()).hasSize(64 * 48);
    // the pattern's grey level survives JPEG within a few levels
    java.awt.image.BufferedImage original = TestWindows.pattern(64, 48, 0);
    int rgb = original.getRGB(10, 20);
    int luma = (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
    assertThat(d.frames().get(0).grayAt(10, 20))
        .isCloseTo(luma, org.assertj.core.api.Assertions.within(12));
    assertThat(d.describe()).isEqualTo("window s#2");
  }

  @Test
  void shouldDecodeGreyJpegsToTheSameLumaAndSayWhichFramesWereInColourWhenIngestSendsMostGrey()
      throws Exception {
    FrameWindow w = TestWindows.window("s", 0, 3, 1);
    java.awt.image.BufferedImage original = TestWindows.pattern(64, 48, 1);
    java.awt.image.BufferedImage grey =
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int rgb = original.getRGB(x, y);
        int luma =
            (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
        grey.getRaster().setSample(x, y, 0, luma);
      }
    }
    w.getFrames().get(1).setJpeg(ByteBuffer.wrap(TestWindows.jpeg(grey)));

    DecodedWindow d = decoder.decode(w);

    assertThat(d.frames().get(0).colour()).isTrue();
    assertThat(d.frames().get(1).colour()).isFalse();
    assertThat(d.frames().get(2).colour()).isTrue();
    // frame 1 of the window is the same pattern shifted by 1 px, in colour and in grey alike
    assertThat(d.frames().get(1).gray()).hasSize(64 * 48);
    assertThat(d.frames().get(1).grayAt(10, 20))
        .isCloseTo(
            grey.getRaster().getSample(10, 20, 0), org.assertj.core.api.Assertions.within(6));
  }

  @Test
  void shouldRejectBytesThatAreNotJpeg() {
    FrameWindow w = TestWindows.window("s", 0, 3, 1);
    w.getFrames().get(1).setJpeg(ByteBuffer.wrap("not a jpeg at all".getBytes()));

    assertThatThrownBy(() -> decoder.decode(w))
        .isInstanceOf(UndecodableWindowException.class)
        .hasMessageContaining("window s#0 frame 2 is not a decodable JPEG");
  }

  @Test
  void shouldRejectTruncatedJpeg() {
    FrameWindow w = TestWindows.window("s", 0, 3, 1);
    byte[] full = w.getFrames().get(0).getJpeg().array();
    w.getFrames().get(0).setJpeg(ByteBuffer.wrap(Arrays.copyOf(full, full.length / 2)));

    assertThatThrownBy(() -> decoder.decode(w))
        .isInstanceOf(UndecodableWindowException.class)
        .hasMessageContaining("frame 0 is not a decodable JPEG");
  }

  @Test
  void shouldRejectFramesOfAnotherSize() {
    FrameWindow w = TestWindows.window("s", 0, 3, 1);
    w.setWidth(320);

    assertThatThrownBy(() -> decoder.decode(w))
        .isInstanceOf(UndecodableWindowException.class)
        .hasMessageContaining("is 64x48 but the window says 320x48");
  }
}
