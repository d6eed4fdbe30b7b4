package io.camreasoner.ingest.decode;

import java.util.Locale;

/**
 * Turns FFmpeg's error texts into one short reason a person understands, and decides whether the
 * failure is worth retrying. The only place that knows FFmpeg's wording.
 */
final class FailureReasons {
  private FailureReasons() {}

  /** A reason and whether it is retriable. */
  record Reason(String text, boolean retriable) {}

  private static final java.util.regex.Pattern ERROR_CODE =
      java.util.regex.Pattern.compile("error (-\\d+)");

  /**
   * FFmpeg's own text for the error code in a JavaCV message ("... error -111: ..." becomes
   * "Connection refused"), appended to the message.
   */
  static String withFfmpegText(String message) {
    if (message == null) {
      return null;
    }
    java.util.regex.Matcher m = ERROR_CODE.matcher(message);
    if (!m.find()) {
      return message;
    }
    int code = Integer.parseInt(m.group(1));
    byte[] buf = new byte[256];
    org.bytedeco.ffmpeg.global.avutil.av_strerror(code, buf, buf.length);
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return message + " [" + new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8) + "]";
  }

  static Reason classify(String javacvMessage, boolean network) {
    String ffmpegMessage = withFfmpegText(javacvMessage);
    String m = ffmpegMessage == null ? "" : ffmpegMessage.toLowerCase(Locale.ROOT);
    if (m.contains("moov atom not found")) {
      return new Reason("truncated or incomplete file (MP4 index 'moov' not found)", false);
    }
    if (m.contains("invalid data found")) {
      return new Reason("not a decodable video (FFmpeg found invalid data)", false);
    }
    if (m.contains("unsupported")
        || m.contains("avcodec_find_decoder")
        || m.contains("decoder not found")) {
      return new Reason("unsupported codec (" + shorten(ffmpegMessage) + ")", false);
    }
    if (m.contains("did not find a video or audio stream")) {
      return new Reason("no decodable video stream (unsupported codec, or audio only)", false);
    }
    if (m.contains("no such file")) {
      return new Reason("no such file", false);
    }
    if (m.contains("permission denied")) {
      return new Reason("permission denied", false);
    }
    if (m.contains("connection refused")) {
      return new Reason("unreachable: connection refused", network);
    }
    if (m.contains("timed out") || m.contains("immediate exit") || m.contains("-1414092869")) {
      return new Reason("unreachable: no answer within the timeout", network);
    }
    if (m.contains("name or service not known") || m.contains("resolve")) {
      return new Reason("unreachable: host name does not resolve", false);
    }
    if (m.contains("server returned 404") || m.contains("404 not found")) {
      return new Reason("not found on the server (HTTP 404)", false);
    }
    if (m.contains("server returned 401") || m.contains("server returned 403")) {
      return new Reason("refused by the server (HTTP 401/403): check credentials", false);
    }
    if (m.contains("end of file") || m.contains("i/o error") || m.contains("connection reset")) {
      return new Reason("stream dropped (" + shorten(ffmpegMessage) + ")", network);
    }
    return new Reason("cannot decode (" + shorten(ffmpegMessage) + ")", network);
  }

  /**
   * The reason a network stream was dropped, from the I/O error FFmpeg recorded (an AVERROR code).
   *
   * @param after where in the stream it happened (" after frame N", or empty)
   */
  static String dropped(int averror, String after) {
    byte[] buf = new byte[256];
    org.bytedeco.ffmpeg.global.avutil.av_strerror(averror, buf, buf.length);
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    String text = new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    if (text.toLowerCase(Locale.ROOT).contains("timed out")) {
      return "stalled: no data within the timeout" + after;
    }
    return "stream dropped (" + text + ")" + after;
  }

  /** The reason for a file FFmpeg found invalid, refined by its first bytes (an MP4 cut short). */
  static Reason invalidFile(java.nio.file.Path file) {
    byte[] head = new byte[12];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
        return new Reason("truncated or incomplete MP4 (its index is missing)", false);
      }
    } catch (java.io.IOException e) {
      return new Reason("cannot read: " + e.getMessage(), false);
    }
    return new Reason("not a decodable video (FFmpeg found invalid data)", false);
  }

  private static String shorten(String message) {
    if (message == null) {
      return "no details";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 160 ? oneLine.substring(0, 157) + "..." : oneLine;
  }
}
