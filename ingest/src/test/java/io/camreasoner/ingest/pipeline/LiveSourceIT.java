package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.sun.net.httpserver.HttpServer;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.synth.ClipRenderer;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live sources FFmpeg reads itself, on loopback: MPEG-TS over HTTP (progressive, from a JDK server
 * that can cut a response short) and over UDP (sent by FFmpeg in real time).
 */
class LiveSourceIT {
  /** About 4 s in two shots, 160x90 at 25 fps. */
  static final Programme PROGRAMME =
      ProgrammeGenerator.generate(12, "feed", 2, 160, 90, 25, 2.0, false);

  @TempDir static Path dir;
  static byte[] feed;
  HttpServer server;

  @BeforeAll
  static void writeFeed() throws IOException {
    Path ts = dir.resolve("feed.ts");
    ClipWriter.write(ts, PROGRAMME, 5);
    feed = Files.readAllBytes(ts);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static StreamIngestor.Settings settings(Duration timeout, int maxReconnects) {
    StreamIngestor.Settings d = StreamIngestor.Settings.defaults();
    return new StreamIngestor.Settings(
        d.window(), d.cuts(), timeout, false, maxReconnects, Duration.ofMillis(50));
  }

  /**
   * Serves the feed at /feed.ts as the answer to the n-th request (1-based): how many bytes, with
   * the full length declared, so that fewer bytes are a body cut short; -1 for a 404.
   */
  private String serve(IntFunction<Integer> bytesOfRequest, boolean declareLength)
      throws IOException {
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/feed.ts",
        exchange -> {
          int length = bytesOfRequest.apply(requests.incrementAndGet());
          try {
            if (length < 0) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.sendResponseHeaders(200, declareLength ? feed.length : 0);
              OutputStream out = exchange.getResponseBody();
              out.write(feed, 0, length);
              out.flush();
            }
            exchange.close(); // short of the declared length: the server drops the connection
          } catch (IOException e) {
            // a body cut short, or the client went away
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.ts";
  }

  private static IngestResult ingest(String url, StreamIngestor.Settings s, CollectingSink sink) {
    return ingest(url, s, sink, new AtomicLong());
  }

  private static IngestResult ingest(
      String url, StreamIngestor.Settings s, CollectingSink sink, AtomicLong decoded) {
    Source source = Sources.expand(List.of(url), "cam-1", true).get(0);
    assertThat(source.live()).isTrue();
    return new StreamIngestor(s, sink, IngestMetrics.inMemory())
        .run(source, (d, e) -> decoded.set(d));
  }

  private static void assertWindowsGoForward(CollectingSink sink) {
    for (int i = 1; i < sink.windows.size(); i++) {
      Window previous = sink.windows.get(i - 1);
      Window w = sink.windows.get(i);
      assertThat(w.firstFrame()).isEqualTo(previous.lastFrame() + 1);
      assertThat(w.startMicros()).isGreaterThan(previous.endMicros());
    }
  }

  @Test
  void shouldEndCleanlyAtEndOfFileWhenLiveHttpStreamEnds() throws Exception {
    String url = serve(n -> feed.length, false);
    CollectingSink sink = new CollectingSink();
    long t0 = System.nanoTime();
    IngestResult result = ingest(url, settings(Duration.ofSeconds(5), 3), sink);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double media = PROGRAMME.frames() / PROGRAMME.fps();

    assertThat(result.error()).isNull();
    assertThat(result.reconnects()).isZero();
    assertThat(result.frames()).isEqualTo(PROGRAMME.frames());
    assertThat(result.cuts()).isEqualTo(PROGRAMME.cuts().stream().map(Long::valueOf).toList());
    assertThat(seconds).as("paced, then ended at end of file").isBetween(media * 0.9, media + 2);
    assertThat(sink.ends).singleElement().satisfies(end -> assertThat(end.error()).isNull());
    assertWindowsGoForward(sink);
  }

  @Test
  void shouldResumeWithoutDuplicatesWhenHttpFileIsCutShortMidway() throws Exception {
    // the first answer declares the whole file but stops half-way; the second serves it all
    String url = serve(n -> n == 1 ? feed.length / 2 : feed.length, true);
    CollectingSink sink = new CollectingSink();
    IngestResult result = ingest(url, settings(Duration.ofSeconds(5), 3), sink);

    assertThat(result.error()).isNull();
    assertThat(result.reconnects()).isEqualTo(1);
    assertThat(result.frames()).as("no frame twice, none lost").isEqualTo(PROGRAMME.frames());
    assertThat(result.cuts()).isEqualTo(PROGRAMME.cuts().stream().map(Long::valueOf).toList());
    assertWindowsGoForward(sink);
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(PROGRAMME.frames() - 1);
  }

  @Test
  void shouldKeepWindowsAndFailWithReasonWhenHttpSourceIsGoneAfterDrop() throws Exception {
    String url = serve(n -> n == 1 ? feed.length / 2 : -1, true);
    CollectingSink sink = new CollectingSink();
    IngestResult result = ingest(url, settings(Duration.ofSeconds(5), 3), sink);

    assertThat(result.error())
        .isEqualTo(
            "stream dropped (Input/output error) after frame "
                + (result.frames() - 1)
                + " (gave up after 1 reconnects; last attempt: not found on the server (HTTP"
                + " 404))");
    assertThat(result.frames()).isBetween(20L, PROGRAMME.frames() - 20L);
    assertThat(sink.windows).isNotEmpty();
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(result.frames() - 1);
    assertThat(sink.ends)
        .singleElement()
        .satisfies(end -> assertThat(end.error()).isEqualTo(result.error()));
  }

  /** Sends the programme as MPEG-TS over UDP in real time, then goes quiet (UDP has no end). */
  private static Thread sendOverUdp(int port, AtomicReference<Throwable> failure) {
    Thread sender =
        new Thread(
            () -> {
              FFmpegFrameRecorder recorder =
                  new FFmpegFrameRecorder(
                      "udp://127.0.0.1:" + port + "?pkt_size=1316",
                      PROGRAMME.width(),
                      PROGRAMME.height(),
                      0);
              recorder.setFormat("mpegts");
              recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
              recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
              recorder.setFrameRate(PROGRAMME.fps());
              recorder.setGopSize((int) Math.round(PROGRAMME.fps()));
              try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
                recorder.start();
                long start = System.nanoTime();
                int index = 0;
                for (Programme.Shot shot : PROGRAMME.shots()) {
                  try (ClipRenderer renderer = new ClipRenderer(shot.spec())) {
                    for (int i = 0; i < shot.spec().frames(); i++, index++) {
                      long wait =
                          start + Math.round(index * 1e9 / PROGRAMME.fps()) - System.nanoTime();
                      if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                      }
                      try (PointerScope scope = new PointerScope()) {
                        Mat frame =
                            new Mat(
                                PROGRAMME.height(),
                                PROGRAMME.width(),
                                opencv_core.CV_8UC3,
                                new BytePointer(renderer.renderBgr(i)));
                        recorder.record(converter.convert(frame));
                      }
                    }
                  }
                }
                recorder.stop();
              } catch (Exception e) {
                failure.set(e);
              } finally {
                try {
                  recorder.release();
                } catch (Exception e) {
                  // nothing more to free
                }
              }
            },
            "udp-sender");
    sender.setDaemon(true);
    return sender;
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldEndCleanlyWithWhatWasReadWhenStoppedWhileReadingUdpStream() throws Exception {
    int port = freeUdpPort();
    AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    CollectingSink sink = new CollectingSink();
    AtomicReference<IngestResult> result = new AtomicReference<>();
    AtomicLong decoded = new AtomicLong();
    Thread sender = sendOverUdp(port, sendFailure);
    sender.start();
    Thread ingest =
        new Thread(
            () ->
                result.set(
                    ingest(
                        "udp://127.0.0.1:" + port,
                        settings(Duration.ofSeconds(2), 3),
                        sink,
                        decoded)),
            "ingest-under-test");
    ingest.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (decoded.get() < 20 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    long stopAt = System.nanoTime();
    ingest.interrupt();
    ingest.join(10_000);
    double stopSeconds = (System.nanoTime() - stopAt) / 1e9;
    sender.join(10_000);

    assertThat(sendFailure.get()).isNull();
    assertThat(ingest.isAlive()).isFalse();
    assertThat(decoded.get()).as("frames before the stop").isGreaterThanOrEqualTo(20);
    assertThat(stopSeconds).as("a stop waits at most one read timeout (2 s)").isLessThan(3.5);
    assertThat(result.get().error()).as("a stop ends a live source cleanly").isNull();
    assertThat(result.get().frames()).isPositive();
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(result.get().frames() - 1);
    assertThat(sink.ends).singleElement().satisfies(end -> assertThat(end.error()).isNull());
  }

  @Test
  void shouldCountSilenceAsStallAndFailAfterBudgetWhenUdpSenderStops() throws Exception {
    int port = freeUdpPort();
    AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    CollectingSink sink = new CollectingSink();
    AtomicReference<IngestResult> result = new AtomicReference<>();
    Thread sender = sendOverUdp(port, sendFailure);
    sender.start();
    Thread ingest =
        new Thread(
            () ->
                result.set(
                    ingest("udp://127.0.0.1:" + port, settings(Duration.ofSeconds(2), 1), sink)),
            "ingest-under-test");
    ingest.start();
    sender.join(20_000);
    ingest.join(20_000);

    assertThat(sendFailure.get()).isNull();
    assertThat(result.get().error())
        .as("UDP carries no end: a sender that stops is a stall, so a drop")
        .startsWith("stalled: no data for ")
        .contains(" s after frame " + (result.get().frames() - 1) + " (")
        .contains("(gave up after 1 reconnects; last attempt: ");
    assertThat(result.get().frames()).isGreaterThan(PROGRAMME.frames() / 2);
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(result.get().frames() - 1);
  }
}
