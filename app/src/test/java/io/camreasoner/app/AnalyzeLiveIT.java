package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.testing.HlsRecording;
import io.camreasoner.ingest.testing.HttpDirectoryServer;
import io.camreasoner.platform.testing.ChildJvm;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} of a live HLS broadcast written in real time by FFmpeg's hls muxer and served
 * over loopback HTTP: a normal end is the end (timelines printed within seconds of {@code
 * #EXT-X-ENDLIST}), a server gone for good keeps the timelines of what was seen, and Ctrl-C prints
 * what was seen so far and exits 0; a playlist that had already ended is an archive, paused by
 * Ctrl-C.
 */
class AnalyzeLiveIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path served() throws Exception {
    return Files.createDirectories(dir.resolve("www"));
  }

  private static List<String> args(Path json, String url, String... more) {
    List<String> args = new ArrayList<>(List.of("analyze", "--json", json.toString()));
    args.addAll(List.of("--ingest-option", "source.hls-start=first"));
    args.addAll(List.of(more));
    args.add(url);
    return args;
  }

  /** Runs analyze in this JVM and returns its exit code; its table goes to {@code out}. */
  private static int analyze(StringWriter out, List<String> args) {
    return CamReasonerCli.execute(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true),
        args.toArray(String[]::new));
  }

  /** Exit code and output (log included) of an analyze run stopped by SIGTERM. */
  private record Interrupted(int exitCode, String output) {}

  /**
   * Runs analyze (with a state directory) in a child JVM and sends it SIGTERM, as Ctrl-C, once the
   * server has served {@code segment}, after {@code beforeStop}'s checks; returns once it exited.
   */
  private Interrupted interruptOnceServed(
      String logName,
      List<String> args,
      HttpDirectoryServer server,
      String segment,
      Runnable beforeStop)
      throws Exception {
    List<String> withState = new ArrayList<>(args);
    withState.addAll(1, List.of("--state-dir", dir.resolve("state").toString()));
    Process analyze =
        ChildJvm.start(
            dir,
            logName,
            List.of(),
            CamReasonerCli.class.getName(),
            withState.toArray(String[]::new));
    Path log = dir.resolve(logName);
    Awaitility.await("analysis under way")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !analyze.isAlive() || server.served(segment) > 0);
    assertThat(analyze.isAlive()).as(Files.readString(log)).isTrue();
    beforeStop.run();
    analyze.destroy(); // SIGTERM, as Ctrl-C
    assertThat(analyze.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return new Interrupted(analyze.exitValue(), Files.readString(log));
  }

  /**
   * A live event playlist whose last frame and ENDLIST wait until the playlist has been served: a
   * playlist that ended before analyze opened it would be read as an archive (session 0), and the
   * stack can take over 20 s to start on a loaded machine.
   */
  private static HlsRecording liveUntilOpened(
      Path www, Programme programme, HttpDirectoryServer server) {
    return HlsRecording.start(
        www, programme, HlsRecording.Kind.EVENT, () -> server.served(HlsRecording.PLAYLIST) > 0);
  }

  private static List<Long> cuts(Programme p) {
    return p.cuts().stream().map(Long::valueOf).toList();
  }

  @Test
  void shouldPrintEveryShotWithinSecondsOfEndListWhenALiveBroadcastEndsNormally() throws Exception {
    // the playlist must still be live when analyze, started after its first segment, opens it
    Programme programme = ProgrammeGenerator.generate(31, "live-end", 4, 160, 90, 25, 5.0, false);
    Path www = served();
    Path json = dir.resolve("end.json");
    try (HttpDirectoryServer server = HttpDirectoryServer.start(www);
        HlsRecording recording = liveUntilOpened(www, programme, server)) {
      recording.awaitSegments(1, Duration.ofSeconds(30));
      StringWriter out = new StringWriter();
      int code = analyze(out, args(json, server.url(HlsRecording.PLAYLIST)));
      long done = System.nanoTime();

      assertThat(code).as(out.toString()).isZero();
      assertThat(Duration.ofNanos(done - recording.endListNanos()))
          .as("result printed soon after the playlist ended")
          .isLessThan(Duration.ofSeconds(20));
      JsonNode v = JSON.readTree(json.toFile()).get("videos").get(0);
      assertThat(v.get("frames").asLong()).isEqualTo(programme.frames());
      List<Long> found = new ArrayList<>();
      v.get("cuts").forEach(c -> found.add(c.asLong()));
      assertThat(found).isEqualTo(cuts(programme));
      assertThat(v.get("shots")).hasSize(programme.cuts().size() + 1);
      assertThat(v.get("session").asLong()).as("a live source's session").isPositive();
      assertThat(JSON.readTree(json.toFile()).get("errors")).isEmpty();
      assertThat(server.served(HlsRecording.PLAYLIST)).isPositive();
      for (String segment : recording.listedSegments()) {
        assertThat(server.served(segment)).as("%s read once", segment).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldKeepTheTimelineOfWhatWasSeenAndFailWhenTheServerIsGoneForGood() throws Exception {
    Programme programme = ProgrammeGenerator.generate(32, "live-gone", 4, 160, 90, 25, 2.0, false);
    Path www = served();
    Path json = dir.resolve("gone.json");
    try (HttpDirectoryServer server = HttpDirectoryServer.start(www);
        HlsRecording recording = liveUntilOpened(www, programme, server)) {
      recording.awaitSegments(1, Duration.ofSeconds(30));
      Thread cutter =
          new Thread(
              () -> {
                try {
                  // gone once the analysis has read a few segments
                  Awaitility.await("segments read")
                      .atMost(Duration.ofSeconds(90))
                      .pollInterval(Duration.ofMillis(50))
                      .until(() -> server.served("seg002.ts") > 0);
                  server.refuse();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      cutter.start();
      StringWriter out = new StringWriter();
      int code =
          analyze(
              out,
              args(
                  json,
                  server.url(HlsRecording.PLAYLIST),
                  "--ingest-option",
                  "source.max-reconnects=2",
                  "--ingest-option",
                  "source.reconnect-backoff=200ms",
                  "--ingest-option",
                  "source.timeout=2s"));
      cutter.join();

      assertThat(code).as(out.toString()).isEqualTo(1);
      JsonNode root = JSON.readTree(json.toFile());
      JsonNode v = root.get("videos").get(0);
      assertThat(v.get("error").asText()).contains("gave up after 2 reconnects");
      assertThat(v.get("shots").size()).as("what was seen is kept").isPositive();
      assertThat(v.get("frames").asLong()).isPositive().isLessThan(programme.frames());
      assertThat(root.get("errors").get(0).get("error").asText())
          .contains("gave up after 2 reconnects");
    }
  }

  @Test
  void shouldPrintTheTimelinesSoFarAndExitZeroWhenInterruptedDuringABroadcast() throws Exception {
    // a minute long, so the broadcast is still going when it is stopped however slowly the stack
    // starts (a playlist that ended before it was opened would be read, and paused, as an archive)
    Programme programme = ProgrammeGenerator.generate(33, "live-stop", 24, 160, 90, 25, 2.5, false);
    Path www = served();
    Path json = dir.resolve("stopped.json");
    try (HlsRecording recording = HlsRecording.start(www, programme, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(www)) {
      recording.awaitSegments(1, Duration.ofSeconds(30));
      // a few shots read and analysed; the broadcast is still going
      Interrupted run =
          interruptOnceServed(
              "analyze.log",
              args(json, server.url(HlsRecording.PLAYLIST)),
              server,
              "seg004.ts",
              () -> assertThat(recording.endListNanos()).as("still broadcasting").isZero());

      String output = run.output();
      assertThat(run.exitCode()).as(output).isZero();
      assertThat(output).contains("interrupted; stopping");
      JsonNode root = JSON.readTree(json.toFile());
      assertThat(root.get("errors")).isEmpty();
      JsonNode v = root.get("videos").get(0);
      assertThat(v.get("frames").asLong()).isPositive().isLessThan(programme.frames());
      JsonNode shots = v.get("shots");
      assertThat(shots.size()).isPositive();
      // the timeline covers what was read, to its last frame
      assertThat(shots.get(shots.size() - 1).get("endFrame").asLong())
          .isEqualTo(v.get("frames").asLong());
    }
  }

  @Test
  void shouldPauseAtOnceAndExitOneWhenAFinishedPlaylistIsInterrupted() throws Exception {
    // an HLS URL counts as live until its playlist is read: this one has its ENDLIST, so it is read
    // as an archive (paced here, so the stop finds it still reading), and a stop pauses it at once
    // instead of waiting for an end marker a paused archive never publishes
    Programme programme = ProgrammeGenerator.generate(34, "vod-stop", 12, 160, 90, 25, 2.5, false);
    Path www = served();
    Path json = dir.resolve("paused.json");
    try (HlsRecording recording = HlsRecording.start(www, programme, HlsRecording.Kind.VOD);
        HttpDirectoryServer server = HttpDirectoryServer.start(www)) {
      recording.awaitEnd(Duration.ofSeconds(60));
      Interrupted run =
          interruptOnceServed(
              "paused.log",
              args(json, server.url(HlsRecording.PLAYLIST), "--ingest-option", "source.pace=true"),
              server,
              "seg006.ts",
              () -> {});

      String output = run.output();
      assertThat(run.exitCode()).as(output).isEqualTo(1);
      assertThat(output)
          .contains("interrupted; stopping")
          .contains("run the same command again to resume")
          .doesNotContain("windows still in flight");
      JsonNode root = JSON.readTree(json.toFile());
      assertThat(root.get("errors")).hasSize(1);
      assertThat(root.get("errors").get(0).get("error").asText()).isEqualTo("stopped by request");
      // read as an archive, paused with what was seen so far: a resumed run completes it
      JsonNode v = root.get("videos").get(0);
      assertThat(v.get("session").asLong()).as("an archive's session").isZero();
      assertThat(v.get("error").asText()).isEqualTo("stopped by request");
      assertThat(v.get("frames").asLong()).isPositive().isLessThan(programme.frames());
    }
  }
}
