package io.camreasoner.stack;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;

/**
 * A source file's own start timecode, as FFmpeg reports it: the {@code timecode} tag of the
 * container (MXF, MOV/MP4 with a {@code tmcd} track, MPEG-TS with GOP timecode) or of one of its
 * streams. The exports count their timecodes from it, as an NLE shows the source's. The topics do
 * not carry it, so only local files are probed (the file's header, no decoding); URLs and files
 * without one have none.
 */
public final class StartTimecode {
  private static final String TAG = "timecode";

  private StartTimecode() {}

  /** The start timecode of a file ({@code HH:MM:SS:FF}, {@code ;FF} for drop-frame), if any. */
  public static Optional<String> of(String location) {
    Path file;
    try {
      file = Path.of(location);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    AVFormatContext ctx = new AVFormatContext(null);
    if (avformat_open_input(ctx, file.toString(), null, null) < 0) {
      return Optional.empty();
    }
    try {
      Optional<String> tc = tag(ctx.metadata());
      for (int i = 0; tc.isEmpty() && i < ctx.nb_streams(); i++) {
        tc = tag(ctx.streams(i).metadata());
      }
      return tc;
    } finally {
      avformat_close_input(ctx);
    }
  }

  private static Optional<String> tag(AVDictionary dict) {
    if (dict == null || dict.isNull()) {
      return Optional.empty();
    }
    AVDictionaryEntry e = av_dict_get(dict, TAG, null, 0);
    if (e == null || e.isNull()) {
      return Optional.empty();
    }
    String value = e.value().getString(StandardCharsets.UTF_8).strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
