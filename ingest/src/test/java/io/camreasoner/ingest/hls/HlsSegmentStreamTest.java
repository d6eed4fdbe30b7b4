package io.camreasoner.ingest.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.camreasoner.ingest.source.Reconnects;
import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The playlist logic against a loopback HTTP server whose playlist the test rewrites; segments are
 * short texts ("7;") so what was read, in which order and how often, is plain to see.
 */
class HlsSegmentStreamTest {
  private HttpServer server;
  private final AtomicReference<String> playlist = new AtomicReference<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicBoolean gone = new AtomicBoolean();
  private final Map<Integer, AtomicInteger> served = new ConcurrentHashMap<>();
  private volatile IntConsumer onServed = n -> {};
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicLong skipped = new AtomicLong();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          try (exchange) {
            if (gone.get() || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            byte[] body;
            int segment = -1;
            if (path.endsWith(".m3u8")) {
              body = playlist.get().getBytes(StandardCharsets.UTF_8);
            } else {
              segment = Integer.parseInt(path.replaceAll("\\D", ""));
              body = (segment + ";").getBytes(StandardCharsets.US_ASCII);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            if (segment >= 0) {
              served.computeIfAbsent(segment, k -> new AtomicInteger()).incrementAndGet();
              onServed.accept(segment);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static String playlist(double target, long first, long last, boolean endList) {
    StringBuilder text =
        new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
            .append(target)
            .append("\n#EXT-X-MEDIA-SEQUENCE:")
            .append(first)
            .append('\n');
    for (long n = first; n <= last; n++) {
      text.append("#EXTINF:").append(target).append(",\nseg").append(n).append(".ts\n");
    }
    return text.append(endList ? "#EXT-X-ENDLIST\n" : "").toString();
  }

  private HlsSegmentStream open(boolean fromFirst, Duration timeout, int maxReconnects)
      throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live/stream.m3u8";
    return HlsSegmentStream.open(
        new Source(url, "cam", true),
        new HlsSegmentStream.Options(fromFirst, timeout),
        new Reconnects("cam", maxReconnects, Duration.ofMillis(10), attempts::incrementAndGet),
        skipped::addAndGet);
  }

  private static String readAll(HlsSegmentStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.US_ASCII);
  }

  @Test
  void shouldReadEverySegmentOnceAndEndWhenPlaylistHasEndList() throws Exception {
    playlist.set(playlist(2, 0, 3, true));
    HlsSegmentStream stream = open(false, Duration.ofSeconds(2), 3);

    assertThat(stream.live()).isFalse();
    assertThat(readAll(stream)).isEqualTo("0;1;2;3;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.ENDLIST);
    assertThat(served).allSatisfy((n, count) -> assertThat(count.get()).isEqualTo(1));
    assertThat(attempts.get()).isZero();
  }

  @Test
  void shouldStartAtLiveEdgeAndEndAtEndListWhenPlaylistIsLive() throws Exception {
    playlist.set(playlist(0.2, 0, 9, false));
    onServed = n -> playlist.set(n == 9 ? playlist(0.2, 0, 11, true) : playlist.get());
    HlsSegmentStream stream = open(false, Duration.ofSeconds(2), 3);

    assertThat(stream.live()).isTrue();
    assertThat(stream.nextSequence()).isEqualTo(7);
    assertThat(readAll(stream)).isEqualTo("7;8;9;10;11;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.ENDLIST);
  }

  @Test
  void shouldStartAtFirstSegmentWhenAskedTo() throws Exception {
    playlist.set(playlist(0.2, 4, 9, false));
    onServed = n -> playlist.set(n == 9 ? playlist(0.2, 4, 10, true) : playlist.get());

    assertThat(readAll(open(true, Duration.ofSeconds(2), 3))).isEqualTo("4;5;6;7;8;9;10;");
  }

  @Test
  void shouldResumeFromNextSequenceWithoutRereadingWhenServerFailsForAWhile() throws Exception {
    playlist.set(playlist(0.2, 0, 2, false));
    onServed =
        n -> {
          if (n == 1) {
            failNext.set(3); // segment 2 and the reloads after it fail three times
          }
          if (n == 2) {
            playlist.set(playlist(0.2, 0, 4, true));
          }
        };
    HlsSegmentStream stream = open(true, Duration.ofSeconds(2), 5);

    assertThat(readAll(stream)).isEqualTo("0;1;2;3;4;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.ENDLIST);
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(served).allSatisfy((n, count) -> assertThat(count.get()).isEqualTo(1));
    assertThat(skipped.get()).isZero();
  }

  @Test
  void shouldSkipForwardAndReportGapWhenServerMovedOnDuringOutage() throws Exception {
    playlist.set(playlist(0.2, 0, 2, false));
    onServed =
        n -> {
          if (n == 2) {
            failNext.set(2);
            playlist.set(playlist(0.2, 6, 8, true)); // a sliding window that moved on meanwhile
          }
        };
    HlsSegmentStream stream = open(true, Duration.ofSeconds(2), 5);

    assertThat(readAll(stream)).isEqualTo("0;1;2;6;7;8;");
    assertThat(skipped.get()).isEqualTo(3);
    assertThat(attempts.get()).isEqualTo(2);
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.ENDLIST);
  }

  @Test
  void shouldFailWithReasonAfterReconnectBudgetWhenServerIsGone() throws Exception {
    playlist.set(playlist(0.2, 0, 5, false));
    onServed = n -> gone.set(n == 1);
    HlsSegmentStream stream = open(true, Duration.ofSeconds(2), 3);

    assertThat(readAll(stream)).isEqualTo("0;1;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.FAILED);
    assertThat(stream.failure())
        .isEqualTo("the server answered HTTP 503 (gave up after 3 reconnects)");
    assertThat(attempts.get()).isEqualTo(3);
  }

  @Test
  void shouldFailAsStalledWhenLivePlaylistStopsGrowingWithoutEnd() throws Exception {
    playlist.set(playlist(0.1, 0, 1, false));
    HlsSegmentStream stream = open(true, Duration.ofMillis(300), 2);

    long start = System.nanoTime();
    assertThat(readAll(stream)).isEqualTo("0;1;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.FAILED);
    assertThat(stream.failure())
        .startsWith("stalled: the live playlist has had no new segment for")
        .endsWith("(gave up after 2 reconnects)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void shouldStopAtOnceWhenInterruptedWhileWaitingForNextSegment() throws Exception {
    playlist.set(playlist(5, 0, 0, false));
    HlsSegmentStream stream = open(true, Duration.ofSeconds(10), 3);
    AtomicReference<String> read = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try {
                read.set(readAll(stream));
              } catch (IOException e) {
                read.set(e.toString());
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    reader.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!served.containsKey(0) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Thread.sleep(100); // let it settle into waiting for the next reload
    long interruptedAt = System.nanoTime();
    reader.interrupt();
    reader.join(2000);

    assertThat(reader.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt))
        .isLessThan(Duration.ofMillis(500));
    assertThat(read.get()).isEqualTo("0;");
    assertThat(stream.end()).isEqualTo(HlsSegmentStream.End.STOPPED);
    assertThat(stillInterrupted.get()).isTrue();
  }
}
