package io.camreasoner.ingest.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.camreasoner.synth.ClipRenderer;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Damaged archives, made the way archives get damaged: a short synthetic programme with known cuts
 * is encoded with real encoders (MPEG-4 part 2 in AVI, MKV or MP4; H.264 through libopenh264, the
 * only H.264 encoder of the LGPL FFmpeg build), then its bytes are corrupted: packets overwritten
 * with junk, the AVI index cut off, a header whose length lies, H.264 frames dropped (so later
 * P-frames miss their references), the file cut short. Also two awkward but intact kinds: variable
 * frame rate and a phone video whose display matrix says "rotate". Everything is written on the
 * fly; no media is committed. Each damage writes a new file next to its source, named after it.
 */
public final class DamagedMedia {
  /** Frame width of the programme. */
  public static final int WIDTH = 320;

  /** Frame height of the programme. */
  public static final int HEIGHT = 180;

  /** Frame rate of the programme. */
  public static final double FPS = 25;

  /** Upright size of the phone video (portrait): {@link #PHONE_WIDTH} x {@link #PHONE_HEIGHT}. */
  public static final int PHONE_WIDTH = 180;

  /** Upright height of the phone video. */
  public static final int PHONE_HEIGHT = 320;

  /** Side of the white square in the top-left corner of the upright phone picture. */
  public static final int PHONE_MARKER = 60;

  private static final Programme PROGRAMME =
      ProgrammeGenerator.generate(21, "damaged", 3, WIDTH, HEIGHT, FPS, 2.5, false);

  /** Encoders used for the originals. */
  public enum Codec {
    /** MPEG-4 part 2 (the codec of countless AVI archives), a key frame every second. */
    MPEG4,
    /** H.264 through libopenh264 (no B-frames), a key frame every two seconds. */
    H264
  }

  static {
    // FFmpeg prints every muxer's stream layout at its default level; keep only errors
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private DamagedMedia() {}

  /** The programme every original shows: 3 shots, {@value #WIDTH}x{@value #HEIGHT} at 25 fps. */
  public static Programme programme() {
    return PROGRAMME;
  }

  /**
   * Encodes the programme into {@code dir/fileName}; the container follows the extension (.avi,
   * .mkv, .mp4 with its index first, .ts).
   */
  public static Path encode(Path dir, String fileName, Codec codec) throws IOException {
    return write(dir.resolve(fileName), codec, null);
  }

  /**
   * Encodes the programme with the presentation times given (one per frame, microseconds,
   * increasing): a variable frame rate when the steps differ. The container's nominal rate stays 25
   * fps, as recorders write it.
   */
  public static Path encodeWithTimestamps(
      Path dir, String fileName, Codec codec, long[] timestampsMicros) throws IOException {
    if (timestampsMicros.length != PROGRAMME.frames()) {
      throw new IllegalArgumentException(
          "one timestamp per frame: " + PROGRAMME.frames() + ", got " + timestampsMicros.length);
    }
    return write(dir.resolve(fileName), codec, timestampsMicros);
  }

  /**
   * Irregular presentation times for the programme: steps of one, two or three 25 fps frame periods
   * in a fixed pattern, as a phone or a screen recorder writes when its frame rate drops.
   */
  public static long[] variableTimestamps() {
    long[] ts = new long[PROGRAMME.frames()];
    long tick = 0;
    for (int i = 0; i < ts.length; i++) {
      ts[i] = Math.round(tick * 1e6 / FPS);
      tick += i % 7 == 3 ? 3 : i % 5 == 1 ? 2 : 1;
    }
    return ts;
  }

  /**
   * Overwrites the payload of some video packets of an AVI with junk (their chunk headers and first
   * bytes survive, as when sectors of a tape or disk go bad): the decoder gets garbage for them.
   *
   * @param frames the video packets (0-based, in file order) to damage
   */
  public static Path junkPackets(Path avi, int... frames) throws IOException {
    byte[] bytes = Files.readAllBytes(avi);
    List<int[]> chunks = aviVideoChunks(bytes);
    Random random = new Random(7);
    for (int frame : frames) {
      int[] chunk = chunks.get(frame);
      for (int i = chunk[0] + 8 + 16; i < chunk[0] + 8 + chunk[1]; i++) {
        bytes[i] = (byte) random.nextInt(256);
      }
    }
    return Files.write(sibling(avi, "junk"), bytes);
  }

  /**
   * An AVI without its index: everything from the {@code idx1} chunk on is cut off, as when a
   * recorder dies before it writes the index (the RIFF header still counts the missing bytes).
   */
  public static Path cutIndex(Path avi) throws IOException {
    byte[] bytes = Files.readAllBytes(avi);
    int idx1 = indexOf(bytes, "idx1", aviMovi(bytes));
    if (idx1 < 0) {
      throw new IllegalStateException("no idx1 index in " + avi);
    }
    return Files.write(sibling(avi, "noindex"), Arrays.copyOf(bytes, idx1));
  }

  /**
   * A complete file whose header lies about its length: an AVI's frame counts (main header and
   * stream header) or an MKV's segment duration, multiplied by {@code factor}.
   */
  public static Path lyingLength(Path file, double factor) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    String ext = extension(file);
    if (ext.equals("avi")) {
      buf.order(ByteOrder.LITTLE_ENDIAN);
      int avih = indexOf(bytes, "avih", 0);
      int strh = indexOf(bytes, "strh", 0);
      if (avih < 0 || strh < 0 || !new String(bytes, strh + 8, 4).equals("vids")) {
        throw new IllegalStateException("no AVI main and video stream header in " + file);
      }
      buf.putInt(avih + 8 + 16, (int) Math.round(buf.getInt(avih + 8 + 16) * factor));
      buf.putInt(strh + 8 + 32, (int) Math.round(buf.getInt(strh + 8 + 32) * factor));
    } else if (ext.equals("mkv")) {
      // Segment Info's Duration element: ID 0x4489, size 8 (a double) or 4 (a float)
      int at = -1;
      for (int i = 0; i + 3 < bytes.length && at < 0; i++) {
        if (bytes[i] == 0x44 && bytes[i + 1] == (byte) 0x89) {
          int size = bytes[i + 2] & 0xff;
          if (size == 0x88 || size == 0x84) {
            at = i;
          }
        }
      }
      if (at < 0) {
        throw new IllegalStateException("no Matroska Duration element in " + file);
      }
      if ((bytes[at + 2] & 0xff) == 0x88) {
        buf.putDouble(at + 3, buf.getDouble(at + 3) * factor);
      } else {
        buf.putFloat(at + 3, (float) (buf.getFloat(at + 3) * factor));
      }
    } else {
      throw new IllegalArgumentException("can make an AVI or MKV header lie, not " + file);
    }
    return Files.write(sibling(file, "lying"), bytes);
  }

  /**
   * A Matroska file whose clock jumps back: one cluster's timecode is zeroed (its CRC left wrong),
   * as in a damaged or badly joined recording; its frames claim to come from the start of the
   * programme, the clusters after it are back on time.
   *
   * @param cluster the cluster (0-based) whose clock to reset; the encoder starts one per key frame
   */
  public static Path rewoundClock(Path mkv, int cluster) throws IOException {
    byte[] bytes = Files.readAllBytes(mkv);
    long[] segment = ebml(bytes, ebml(bytes, 0)[2]); // skip the EBML header
    int found = 0;
    for (long at = segment[1]; at < segment[2]; ) {
      long[] element = ebml(bytes, at);
      if (element[0] == 0x1F43B675L && found++ == cluster) {
        for (long child = element[1]; child < element[2]; ) {
          long[] e = ebml(bytes, child);
          if (e[0] == 0xE7) { // Timecode
            Arrays.fill(bytes, (int) e[1], (int) e[2], (byte) 0);
            return Files.write(sibling(mkv, "rewound"), bytes);
          }
          child = e[2];
        }
      }
      at = element[2];
    }
    throw new IllegalStateException("no cluster " + cluster + " with a timecode in " + mkv);
  }

  /** An EBML element at {@code at}: {id (with its length marker), data start, data end}. */
  private static long[] ebml(byte[] bytes, long at) {
    int p = (int) at;
    int idLength = Integer.numberOfLeadingZeros(bytes[p] & 0xff) - 23;
    long id = 0;
    for (int i = 0; i < idLength; i++) {
      id = (id << 8) | (bytes[p + i] & 0xff);
    }
    p += idLength;
    int sizeLength = Integer.numberOfLeadingZeros(bytes[p] & 0xff) - 23;
    long size = bytes[p] & (0xff >> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      size = (size << 8) | (bytes[p + i] & 0xff);
    }
    p += sizeLength;
    return new long[] {id, p, p + size};
  }

  /**
   * The file without some of its video packets (remuxed packet by packet, nothing re-encoded), as
   * when a capture drops frames: timestamps keep their gaps, and in H.264 the frames after a
   * dropped one refer to a picture that never arrives.
   *
   * @param frames the video packets (0-based, in decoding order) to drop; key frames are refused
   */
  public static Path dropFrames(Path file, int... frames) throws IOException {
    Path out = sibling(file, "dropped");
    Set<Integer> drop = Arrays.stream(frames).boxed().collect(Collectors.toSet());
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder recorder =
          new FFmpegFrameRecorder(
              out.toFile(), grabber.getImageWidth(), grabber.getImageHeight(), 0)) {
        recorder.setFormat(container(out));
        recorder.start(grabber.getFormatContext());
        int index = 0;
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          if (packet.stream_index() == grabber.getVideoStream()) {
            boolean dropped = drop.contains(index++);
            if (dropped && (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
              throw new IllegalArgumentException(
                  "packet " + (index - 1) + " of " + file + " is a key frame");
            }
            if (dropped) {
              continue;
            }
          }
          recorder.recordPacket(packet);
        }
        recorder.stop();
      }
      grabber.stop();
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("cannot remux " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The first {@code fraction} of a file's bytes, as a copy or download that stopped. */
  public static Path truncate(Path file, double fraction) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return Files.write(
        sibling(file, "truncated"), Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
  }

  /**
   * A phone video shot upright: the sensor stores landscape frames ({@value #PHONE_HEIGHT}x{@value
   * #PHONE_WIDTH}) and the MP4's display matrix tells players to turn them 90° clockwise. Upright,
   * the picture is {@value #PHONE_WIDTH} wide and {@value #PHONE_HEIGHT} tall, dark grey with a
   * white {@value #PHONE_MARKER}-pixel square in its top-left corner and a mid-grey bar along its
   * bottom edge; 20 frames.
   */
  public static Path rotatedPhoneVideo(Path dir) throws IOException {
    Path file = dir.resolve("phone-portrait.mp4");
    byte[] upright = new byte[PHONE_WIDTH * PHONE_HEIGHT * 3];
    for (int y = 0; y < PHONE_HEIGHT; y++) {
      for (int x = 0; x < PHONE_WIDTH; x++) {
        int v = 40;
        if (x < PHONE_MARKER && y < PHONE_MARKER) {
          v = 250;
        } else if (y >= PHONE_HEIGHT - 30) {
          v = 140;
        }
        Arrays.fill(upright, (y * PHONE_WIDTH + x) * 3, (y * PHONE_WIDTH + x) * 3 + 3, (byte) v);
      }
    }
    // what the sensor stored: the upright picture turned 90° counter-clockwise
    byte[] stored = new byte[upright.length];
    for (int y = 0; y < PHONE_HEIGHT; y++) {
      for (int x = 0; x < PHONE_WIDTH; x++) {
        int sx = y;
        int sy = PHONE_WIDTH - 1 - x;
        System.arraycopy(
            upright, (y * PHONE_WIDTH + x) * 3, stored, (sy * PHONE_HEIGHT + sx) * 3, 3);
      }
    }
    try (FFmpegFrameRecorder recorder =
            new FFmpegFrameRecorder(file.toFile(), PHONE_HEIGHT, PHONE_WIDTH, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setVideoQuality(3);
      // JavaCV's angle is counter-clockwise: -90 writes the matrix phones write for portrait
      // (FFmpeg reads it back as av_display_rotation_get = -90, i.e. "turn 90° clockwise")
      recorder.setDisplayRotation(-90);
      recorder.start();
      for (int i = 0; i < 20; i++) {
        try (PointerScope scope = new PointerScope()) {
          recorder.record(converter.convert(mat(stored, PHONE_HEIGHT, PHONE_WIDTH)));
        }
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot encode " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static Path write(Path file, Codec codec, long[] timestamps) throws IOException {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.setFormat(container(file));
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      if (codec == Codec.H264) {
        recorder.setVideoCodecName("libopenh264");
        recorder.setVideoBitrate(600_000);
        recorder.setGopSize((int) (2 * FPS));
      } else {
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setVideoQuality(5);
        recorder.setGopSize((int) FPS);
      }
      if (extension(file).equals("mp4")) {
        recorder.setOption("movflags", "+faststart");
      }
      recorder.start();
      List<byte[]> frames = Rendered.FRAMES;
      for (int n = 0; n < frames.size(); n++) {
        try (PointerScope scope = new PointerScope()) {
          if (timestamps != null) {
            recorder.setTimestamp(timestamps[n]);
          }
          recorder.record(converter.convert(mat(frames.get(n), WIDTH, HEIGHT)));
        }
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot encode " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** The programme's frames, rendered once (about 26 MB) and encoded as often as asked. */
  private static final class Rendered {
    static final List<byte[]> FRAMES = render();

    private static List<byte[]> render() {
      List<byte[]> frames = new ArrayList<>(PROGRAMME.frames());
      for (Programme.Shot shot : PROGRAMME.shots()) {
        try (ClipRenderer renderer = new ClipRenderer(shot.spec())) {
          for (int i = 0; i < shot.spec().frames(); i++) {
            frames.add(renderer.renderBgr(i));
          }
        }
      }
      return List.copyOf(frames);
    }
  }

  private static Mat mat(byte[] bgr, int width, int height) {
    Mat mat = new Mat(height, width, CV_8UC3);
    mat.data().put(bgr);
    return mat;
  }

  /** Offset and size of every video chunk ('##dc'/'##db') in an AVI's movi list, in file order. */
  private static List<int[]> aviVideoChunks(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<int[]> chunks = new ArrayList<>();
    int at = aviMovi(bytes);
    while (at + 8 <= bytes.length) {
      String id = new String(bytes, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
      int size = buf.getInt(at + 4);
      if (id.equals("idx1") || size < 0) {
        break;
      }
      if (id.endsWith("dc") || id.endsWith("db")) {
        chunks.add(new int[] {at, size});
      }
      at += 8 + size + (size & 1);
    }
    if (chunks.isEmpty()) {
      throw new IllegalStateException("no video chunks in the AVI");
    }
    return chunks;
  }

  /** Offset of the first chunk inside the AVI's 'movi' list. */
  private static int aviMovi(byte[] bytes) {
    int movi = indexOf(bytes, "movi", 0);
    if (movi < 0) {
      throw new IllegalStateException("not an AVI: no movi list");
    }
    return movi + 4;
  }

  private static int indexOf(byte[] bytes, String fourcc, int from) {
    byte[] id = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return IntStream.rangeClosed(from, bytes.length - id.length)
        .filter(i -> Arrays.equals(bytes, i, i + id.length, id, 0, id.length))
        .findFirst()
        .orElse(-1);
  }

  private static Path sibling(Path file, String damage) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling(name.substring(0, dot) + "-" + damage + name.substring(dot));
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private static String container(Path file) {
    return switch (extension(file)) {
      case "avi" -> "avi";
      case "mkv" -> "matroska";
      case "ts" -> "mpegts";
      case "mp4" -> "mp4";
      default -> throw new IllegalArgumentException("no container for " + file);
    };
  }
}
