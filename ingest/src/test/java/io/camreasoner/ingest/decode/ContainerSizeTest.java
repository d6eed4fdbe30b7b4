package io.camreasoner.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSizeTest {
  @TempDir Path dir;

  private long declared(String name, byte[] bytes) throws IOException {
    return ContainerSize.declared(Files.write(dir.resolve(name), bytes));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] riff(int declaredSize, int actualSize) {
    ByteBuffer b = ByteBuffer.allocate(actualSize).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(declaredSize).put(ascii("AVI "));
    return b.array();
  }

  @Test
  void shouldReadRiffSizeWhenAviIsCompleteOrCutShort() throws IOException {
    assertThat(declared("whole.avi", riff(992, 1000))).isEqualTo(1000);
    assertThat(declared("cut.avi", riff(4992, 1000))).isEqualTo(5000);
    assertThat(declared("trailing.avi", riff(492, 1000))).isEqualTo(500);
    assertThat(declared("unwritten.avi", riff(0, 1000))).isEqualTo(ContainerSize.UNKNOWN);
  }

  @Test
  void shouldAddUpTopLevelBoxesWhenFileIsMp4() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.putInt(16).put(ascii("ftyp")).put(ascii("isom")).putInt(0);
    b.putInt(16).put(ascii("moov")).putLong(0);
    b.putInt(1000).put(ascii("mdat"));
    assertThat(declared("cut.mp4", b.array())).isEqualTo(32 + 1000);
    b.putInt(32, 32);
    assertThat(declared("whole.mp4", b.array())).isEqualTo(64);
    b.putInt(32, 0); // 0: the box runs to the end of the file
    assertThat(declared("open.mp4", b.array())).isEqualTo(64);
  }

  @Test
  void shouldReadSegmentSizeWhenFileIsMatroska() throws IOException {
    byte[] known = {
      0x1A,
      0x45,
      (byte) 0xDF,
      (byte) 0xA3,
      (byte) 0x82,
      0x42,
      (byte) 0x86, // EBML header, 2 bytes
      0x18,
      0x53,
      (byte) 0x80,
      0x67,
      0x40,
      0x64,
      0,
      0,
      0,
      0,
      0 // Segment of 100 bytes
    };
    assertThat(declared("cut.mkv", known)).isEqualTo(7 + 4 + 2 + 100);
    byte[] unknown = known.clone();
    unknown[11] = (byte) 0xFF; // a one-byte size of all ones: "unknown", a live recording
    assertThat(declared("live.mkv", unknown)).isEqualTo(ContainerSize.UNKNOWN);
  }

  @Test
  void shouldNotGuessWhenFormatHasNoSizes() throws IOException {
    byte[] ts = new byte[188 * 4];
    ts[0] = 0x47;
    assertThat(declared("capture.ts", ts)).isEqualTo(ContainerSize.UNKNOWN);
  }
}
