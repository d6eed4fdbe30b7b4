package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.testing.SharedKafka;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandIT {
  @TempDir Path dir;

  @Test
  void shouldIngestGoodInputsReportBadOnesAndExitOneWhenSomeInputFails() throws Exception {
    Path good = dir.resolve("good.mp4");
    ClipWriter.write(
        good, ClipSpec.of(SceneKind.LAYERED_3D, CameraMotion.STATIC, 160, 90, 25, 40, 1), 5);
    Path bad = Files.writeString(dir.resolve("broken.avi"), "text");
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder().inMemory().build().start()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          CamReasonerCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "ingest",
              "--kafka.bootstrap=" + SharedKafka.broker().bootstrapServers(),
              "--schema.registry.url=" + registry.url(),
              "--topics.frame-windows=it-cli-" + UUID.randomUUID(),
              "--ops.port=-1",
              good.toString(),
              bad.toString());
      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(out.toString())
          .contains("ok     " + good)
          .contains("frames=40")
          .contains("FAILED " + bad + "  not a decodable video");
    }
  }

  @Test
  void shouldExitWithUsageErrorWhenOptionIsInvalidOrInputMissing() {
    StringWriter err = new StringWriter();
    assertThat(
            CamReasonerCli.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err, true),
                "ingest",
                "--window.frames=1",
                "x.mp4"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("window.frames='1' must be in [2, 64]");
    StringWriter err2 = new StringWriter();
    assertThat(
            CamReasonerCli.execute(
                new PrintWriter(new StringWriter()), new PrintWriter(err2, true), "ingest"))
        .isEqualTo(2);
    assertThat(err2.toString()).contains("no input");
    StringWriter err3 = new StringWriter();
    assertThat(
            CamReasonerCli.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err3, true),
                "ingest",
                "--no-such=1",
                "x.mp4"))
        .isEqualTo(2);
    assertThat(err3.toString()).contains("unknown option '--no-such=1'");
  }
}
