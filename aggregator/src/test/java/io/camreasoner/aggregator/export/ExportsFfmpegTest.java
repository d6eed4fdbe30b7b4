package io.camreasoner.aggregator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_WEBVTT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVChapter;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebVTT and chapters exports read back by FFmpeg (the libraries JavaCV ships; its {@code
 * ffmpeg} executable needs libpulse, absent on CI): the .vtt through FFmpeg's WebVTT demuxer, the
 * chapters file through its ffmetadata demuxer, and both muxed into a Matroska file (the subtitle
 * track copied, the chapters taken over as {@code ffmpeg -map_metadata} / {@code -map_chapters}
 * does) that FFmpeg then reads chapters and cues from again.
 */
class ExportsFfmpegTest {
  @TempDir Path dir;

  /** A cue as FFmpeg demuxed it: times in milliseconds and its text. */
  record Cue(long startMs, long endMs, String text) {}

  /** A chapter as FFmpeg read it: times in milliseconds and its title. */
  record Chapter(long startMs, long endMs, String title) {}

  @Test
  void shouldGiveFfmpegOneCuePerSegmentWhenItReadsTheWebVtt() throws Exception {
    VideoTimeline v = withPanSpeed(ExportFixtures.programme(25, "10:00:00:00"));
    Path vtt = write(v, ExportFormat.VTT);

    List<Cue> cues = cues(vtt, "webvtt");

    assertThat(cues)
        .containsExactly(
            new Cue(0, 1920, "pan left, 12°/s"),
            new Cue(1920, 3880, "pan left + tilt up"),
            new Cue(3880, 6120, "static"),
            new Cue(6120, 6800, "no answer: undecodable frames: broken JPEG"),
            new Cue(6800, 10000, "zoom in"));
  }

  @Test
  void shouldGiveFfmpegOneChapterPerShotWhenItReadsTheChaptersAsFfmetadata() throws Exception {
    VideoTimeline v = ExportFixtures.programme(30000.0 / 1001, null);
    Path chapters = write(v, ExportFormat.CHAPTERS);

    AVFormatContext ctx = open(chapters, "ffmetadata");
    try {
      assertThat(value(ctx.metadata(), "title")).isEqualTo("news__take__2");
      assertThat(value(ctx.metadata(), "comment"))
          .isEqualTo("camera movement by camreasoner (geometry@2.1#a1b2c3d4), per shot");
      assertThat(chapters(ctx))
          .containsExactly(
              new Chapter(0, 3237, "Shot 1: pan left, then pan left + tilt up"),
              new Chapter(3237, 5105, "Shot 2: static"),
              new Chapter(5105, 8342, "Shot 3: gap, then zoom in"));
    } finally {
      avformat_close_input(ctx);
    }
  }

  @Test
  void shouldCarryChaptersAndCuesIntoAContainerWhenMuxedAsFfmpegMapMetadataDoes() throws Exception {
    VideoTimeline v = ExportFixtures.programme(25, null);
    Path vtt = write(v, ExportFormat.VTT);
    Path chapters = write(v, ExportFormat.CHAPTERS);
    Path mkv = dir.resolve("with-chapters.mkv");

    mux(vtt, chapters, mkv);

    AVFormatContext ctx = open(mkv, "matroska");
    try {
      assertThat(chapters(ctx))
          .extracting(Chapter::title)
          .containsExactly(
              "Shot 1: pan left, then pan left + tilt up",
              "Shot 2: static",
              "Shot 3: gap, then zoom in");
      assertThat(chapters(ctx).get(1)).isEqualTo(new Chapter(3880, 6120, "Shot 2: static"));
    } finally {
      avformat_close_input(ctx);
    }
    assertThat(cues(mkv, "matroska"))
        .extracting(Cue::text)
        .contains("pan left + tilt up", "zoom in");
  }

  private Path write(VideoTimeline v, ExportFormat f) throws Exception {
    Path p = dir.resolve(f.fileName(v.baseName()));
    Files.writeString(p, Exports.render(f, v), StandardCharsets.UTF_8);
    return p;
  }

  private static VideoTimeline withPanSpeed(VideoTimeline v) {
    ShotTimeline shot = ShotTimeline.newBuilder(v.shots().get(0)).build();
    List<Segment> segments = new ArrayList<>(shot.getSegments());
    segments.set(0, Segment.newBuilder(segments.get(0)).setPanDegPerSec(12.2).build());
    shot.setSegments(segments);
    List<ShotTimeline> shots = new ArrayList<>(v.shots());
    shots.set(0, shot);
    return VideoTimeline.of(shots, v.startTimecode());
  }

  private static AVFormatContext open(Path file, String format) {
    AVFormatContext ctx = new AVFormatContext(null);
    int r = avformat_open_input(ctx, file.toString(), av_find_input_format(format), null);
    assertThat(r).as("FFmpeg opens %s as %s", file, format).isZero();
    assertThat(avformat_find_stream_info(ctx, (PointerPointer<?>) null)).isGreaterThanOrEqualTo(0);
    return ctx;
  }

  private static List<Cue> cues(Path file, String format) {
    AVFormatContext ctx = open(file, format);
    List<Cue> out = new ArrayList<>();
    AVPacket pkt = av_packet_alloc();
    try {
      AVStream st = ctx.streams(0);
      assertThat(st.codecpar().codec_type()).isEqualTo(AVMEDIA_TYPE_SUBTITLE);
      assertThat(st.codecpar().codec_id()).isEqualTo(AV_CODEC_ID_WEBVTT);
      AVRational tb = st.time_base();
      while (av_read_frame(ctx, pkt) >= 0) {
        byte[] data = new byte[pkt.size()];
        pkt.data().get(data);
        long start = pkt.pts() * 1000 * tb.num() / tb.den();
        long end = (pkt.pts() + pkt.duration()) * 1000 * tb.num() / tb.den();
        out.add(new Cue(start, end, new String(data, StandardCharsets.UTF_8)));
        av_packet_unref(pkt);
      }
    } finally {
      av_packet_free(pkt);
      avformat_close_input(ctx);
    }
    return out;
  }

  private static List<Chapter> chapters(AVFormatContext ctx) {
    List<Chapter> out = new ArrayList<>();
    for (int i = 0; i < ctx.nb_chapters(); i++) {
      AVChapter c = ctx.chapters(i);
      AVRational tb = c.time_base();
      out.add(
          new Chapter(
              c.start() * 1000 * tb.num() / tb.den(),
              c.end() * 1000 * tb.num() / tb.den(),
              value(c.metadata(), "title")));
    }
    return out;
  }

  private static String value(AVDictionary dict, String key) {
    AVDictionaryEntry e = av_dict_get(dict, key, null, 0);
    return e == null ? null : e.value().getString(StandardCharsets.UTF_8);
  }

  /**
   * {@code ffmpeg -i cues.vtt -i chapters.txt -map 0 -map_metadata 1 -c copy out.mkv}: the subtitle
   * stream copied packet by packet, the chapters handed from the metadata input to the output (both
   * allocated by FFmpeg, freed once by the output).
   */
  private static void mux(Path vtt, Path chaptersFile, Path out) {
    AVFormatContext in = open(vtt, "webvtt");
    AVFormatContext meta = open(chaptersFile, "ffmetadata");
    AVFormatContext oc = new AVFormatContext(null);
    AVPacket pkt = av_packet_alloc();
    try {
      assertThat(avformat_alloc_output_context2(oc, null, "matroska", out.toString())).isZero();
      AVStream is = in.streams(0);
      AVStream os = avformat_new_stream(oc, null);
      assertThat(avcodec_parameters_copy(os.codecpar(), is.codecpar())).isZero();
      os.codecpar().codec_tag(0);
      os.time_base(is.time_base());
      oc.chapters(meta.chapters());
      oc.nb_chapters(meta.nb_chapters());
      meta.chapters((PointerPointer<?>) null);
      meta.nb_chapters(0);
      AVIOContext pb = new AVIOContext(null);
      assertThat(avio_open(pb, out.toString(), AVIO_FLAG_WRITE)).isZero();
      oc.pb(pb);
      assertThat(avformat_write_header(oc, (AVDictionary) null)).isGreaterThanOrEqualTo(0);
      while (av_read_frame(in, pkt) >= 0) {
        pkt.stream_index(0);
        av_packet_rescale_ts(pkt, is.time_base(), os.time_base());
        assertThat(av_interleaved_write_frame(oc, pkt)).isZero();
      }
      assertThat(av_write_trailer(oc)).isZero();
      avio_closep(oc.pb());
    } finally {
      av_packet_free(pkt);
      avformat_free_context(oc);
      avformat_close_input(in);
      avformat_close_input(meta);
    }
  }
}
