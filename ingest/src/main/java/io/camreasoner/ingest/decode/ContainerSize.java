package io.camreasoner.ingest.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes a file's container says the file has, read from its top-level size fields: the
 * RIFF chunks of an AVI, the boxes of an MP4/MOV, the segment of a Matroska/WebM file. A file
 * shorter than that was cut short; one that holds every declared byte is complete even when its
 * duration or frame count lies. FFmpeg keeps these sizes to itself, so they are read here; only the
 * headers of top-level elements are read, never the media.
 */
final class ContainerSize {
  /** Returned when the container does not say (unknown format, unknown or invalid sizes). */
  static final long UNKNOWN = -1;

  private static final int EBML_MAGIC = 0x1A45DFA3;
  private static final int MATROSKA_SEGMENT = 0x18538067;

  private ContainerSize() {}

  /** The bytes the container declares, or {@link #UNKNOWN}. */
  static long declared(Path file) throws IOException {
    try (SeekableByteChannel in = Files.newByteChannel(file)) {
      long size = in.size();
      ByteBuffer head = read(in, 0, 12);
      if (head.remaining() < 12) {
        return UNKNOWN;
      }
      if (ascii(head, 0).equals("RIFF")) {
        return riff(in, size);
      }
      if (ascii(head, 4).equals("ftyp")) {
        return isoBoxes(in, size);
      }
      if (head.getInt(0) == EBML_MAGIC) {
        return matroska(in);
      }
      return UNKNOWN;
    }
  }

  /** AVI: a run of RIFF chunks ('RIFF AVI ', then 'RIFF AVIX' in OpenDML files over 1 GiB). */
  private static long riff(SeekableByteChannel in, long size) throws IOException {
    long at = 0;
    while (at < size) {
      ByteBuffer chunk = read(in, at, 8).order(ByteOrder.LITTLE_ENDIAN);
      if (chunk.remaining() < 8) {
        return at + 8;
      }
      if (!ascii(chunk, 0).equals("RIFF")) {
        return at; // trailing bytes that are not part of the container
      }
      long length = Integer.toUnsignedLong(chunk.getInt(4));
      if (length < 4) {
        return UNKNOWN; // a recorder that died before writing its sizes
      }
      at += 8 + length + (length & 1);
    }
    return at;
  }

  /** MP4/MOV: top-level boxes (32-bit size, 1 = 64-bit size follows, 0 = up to the end). */
  private static long isoBoxes(SeekableByteChannel in, long size) throws IOException {
    long at = 0;
    while (at < size) {
      ByteBuffer box = read(in, at, 16);
      if (box.remaining() < 8) {
        return at + 8;
      }
      long length = Integer.toUnsignedLong(box.getInt(0));
      if (length == 0) {
        return size;
      }
      if (length == 1) {
        if (box.remaining() < 16) {
          return at + 16;
        }
        length = box.getLong(8);
      }
      if (length < 8) {
        return UNKNOWN;
      }
      at += length;
    }
    return at;
  }

  /** Matroska/WebM: the EBML header, then one Segment whose size covers the rest. */
  private static long matroska(SeekableByteChannel in) throws IOException {
    ByteBuffer header = read(in, 4, 8);
    long[] headerSize = vint(header, 0);
    if (headerSize == null || headerSize[0] < 0) {
      return UNKNOWN;
    }
    long segmentAt = 4 + headerSize[1] + headerSize[0];
    ByteBuffer segment = read(in, segmentAt, 12);
    if (segment.remaining() < 5 || segment.getInt(0) != MATROSKA_SEGMENT) {
      return UNKNOWN;
    }
    long[] segmentSize = vint(segment, 4);
    if (segmentSize == null || segmentSize[0] < 0) {
      return UNKNOWN; // "unknown size": a live recording never finalised
    }
    return segmentAt + 4 + segmentSize[1] + segmentSize[0];
  }

  /**
   * An EBML variable-length size at {@code at}: {value, length in bytes}, value -1 for the reserved
   * "unknown" size; null when malformed.
   */
  private static long[] vint(ByteBuffer buf, int at) {
    if (buf.remaining() <= at) {
      return null;
    }
    int first = buf.get(at) & 0xff;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || buf.remaining() < at + length) {
      return null;
    }
    long value = first & (0xff >> length);
    boolean allOnes = value == (0xff >> length);
    for (int i = 1; i < length; i++) {
      int b = buf.get(at + i) & 0xff;
      allOnes &= b == 0xff;
      value = (value << 8) | b;
    }
    return new long[] {allOnes ? -1 : value, length};
  }

  private static ByteBuffer read(SeekableByteChannel in, long at, int count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(count);
    in.position(at);
    while (buf.hasRemaining() && in.read(buf) > 0) {
      // keep reading until full or at the end
    }
    return buf.flip();
  }

  private static String ascii(ByteBuffer buf, int at) {
    byte[] id = new byte[4];
    buf.get(at, id);
    return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
