package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.SceneKind;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live path against an HTTP stream served by the test itself. */
class LiveSourceTest {
  @TempDir Path dir;

  @Test
  void shouldPaceReconnectAndKeepNumberingWhenLiveHttpStreamDrops() throws Exception {
    Path clip = dir.resolve("feed.ts");
    ClipWriter.write(
        clip,
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 10),
            160,
            90,
            25,
            50,
            9),
        5);
    byte[] bytes = Files.readAllBytes(clip);
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/feed.ts",
        exchange -> {
          int n = requests.incrementAndGet();
          if (n >= 3) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          // the first connection drops half-way; the second delivers the whole feed
          int length = n == 1 ? bytes.length / 2 : bytes.length;
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, length);
          } catch (java.io.IOException e) {
            // the client went away
          }
        });
    server.start();
    try {
      Source source =
          Sources.expand(
                  List.of("http://127.0.0.1:" + server.getAddress().getPort() + "/feed.ts"),
                  "cam-1",
                  true)
              .get(0);
      assertThat(source.live()).isTrue();
      CollectingSink sink = new CollectingSink();
      StreamIngestor.Settings s = StreamIngestor.Settings.defaults();
      StreamIngestor.Settings settings =
          new StreamIngestor.Settings(
              s.window(), s.cuts(), Duration.ofSeconds(5), false, 3, Duration.ofMillis(50));
      long t0 = System.nanoTime();
      IngestResult result =
          new StreamIngestor(settings, sink, IngestMetrics.inMemory()).run(source, (d, e) -> {});
      double seconds = (System.nanoTime() - t0) / 1e9;

      assertThat(result.reconnects()).isEqualTo(2);
      assertThat(result.error())
          .startsWith("not found on the server (HTTP 404)")
          .contains("gave up after 2 reconnects");
      // roughly half the clip, then the whole clip, numbered on from where the drop left off
      assertThat(result.frames()).isBetween(60L, 76L);
      assertThat(seconds).as("paced by timestamps").isGreaterThan(result.frames() / 25.0 * 0.8);
      long previous = -1;
      for (Window w : sink.windows) {
        assertThat(w.firstFrame()).isGreaterThan(previous);
        previous = w.lastFrame();
      }
      assertThat(sink.ends)
          .singleElement()
          .satisfies(end -> assertThat(end.error()).isEqualTo(result.error()));
      assertThat(result.streamId()).isEqualTo("cam-1");
    } finally {
      server.stop(0);
    }
  }
}
