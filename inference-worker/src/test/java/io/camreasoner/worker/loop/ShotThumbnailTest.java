package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.worker.testing.TestWindows;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ShotThumbnailTest {

  /** A window of one shot starting at {@code shotStart}, its first frame a 320x180 picture. */
  private static FrameWindow window(long firstFrame, long shotStart, BufferedImage first) {
    FrameWindow w = TestWindows.window("cam", 0, 3, 2);
    w.getFrames().get(0).setJpeg(ByteBuffer.wrap(TestWindows.jpeg(first)));
    w.setFirstFrame(firstFrame);
    w.setShotStartFrame(shotStart);
    return w;
  }

  /** Left half red, right half blue. */
  private static BufferedImage halves(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, x < width / 2 ? 0xd02020 : 0x2020d0);
      }
    }
    return img;
  }

  @Test
  void shouldScaleTheShotsFirstFrameTo160PixelsWideWhenTheWindowStartsTheShot() throws Exception {
    ByteBuffer jpeg = ShotThumbnail.of(window(250, 250, halves(320, 180))).orElseThrow();

    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(jpeg.array()));
    assertThat(thumb.getWidth()).isEqualTo(160);
    assertThat(thumb.getHeight()).isEqualTo(90);
    // colour kept (the window's own decode is grey): red on the left, blue on the right
    int left = thumb.getRGB(20, 45);
    int right = thumb.getRGB(140, 45);
    assertThat((left >> 16) & 0xff).isGreaterThan(160);
    assertThat(left & 0xff).isLessThan(90);
    assertThat(right & 0xff).isGreaterThan(160);
    assertThat((right >> 16) & 0xff).isLessThan(90);
    assertThat(jpeg.remaining()).isLessThan(8_000);
  }

  @Test
  void shouldGiveNoThumbnailWhenTheWindowIsNotTheShotsFirst() {
    assertThat(ShotThumbnail.of(window(262, 250, halves(320, 180)))).isEmpty();
  }

  @Test
  void shouldGiveNoThumbnailWhenTheFirstFrameDoesNotDecodeOrThereAreNoFrames() {
    FrameWindow broken = window(0, 0, halves(320, 180));
    broken.getFrames().get(0).setJpeg(ByteBuffer.wrap("not a jpeg".getBytes()));
    FrameWindow empty = window(0, 0, halves(320, 180));
    empty.setFrames(List.of());

    assertThat(ShotThumbnail.of(broken)).isEmpty();
    assertThat(ShotThumbnail.of(empty)).isEmpty();
  }
}
