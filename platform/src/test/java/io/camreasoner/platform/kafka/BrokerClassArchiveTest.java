package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClassArchiveTest {
  @TempDir Path dir;

  private static Path writtenBy(List<String> options) {
    String dump = options.get(0);
    assertThat(dump).startsWith("-XX:ArchiveClassesAtExit=");
    return Path.of(dump.substring("-XX:ArchiveClassesAtExit=".length()));
  }

  @Test
  void shouldWriteAPartialFileThenMapTheArchiveWhenTheFirstChildStoppedCleanly() throws Exception {
    Path archive = dir.resolve("broker-123.jsa");
    BrokerClassArchive cds = BrokerClassArchive.at(archive);

    Path partial = writtenBy(cds.jvmOptions());
    assertThat(partial.getFileName().toString()).startsWith("broker-123.jsa.").endsWith(".partial");
    Files.write(partial, new byte[] {1, 2, 3}); // what the child's JVM writes as it exits
    cds.childExited(true);

    assertThat(archive).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(partial).doesNotExist();
    assertThat(cds.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void shouldKeepNoArchiveWhenTheChildWasKilledWhileWritingIt() throws Exception {
    Path archive = dir.resolve("broker-123.jsa");
    BrokerClassArchive cds = BrokerClassArchive.at(archive);

    Path partial = writtenBy(cds.jvmOptions());
    Files.write(partial, new byte[] {1});
    cds.childExited(false);

    assertThat(archive).doesNotExist();
    assertThat(partial).doesNotExist();
    assertThat(writtenBy(cds.jvmOptions())).isEqualTo(partial); // the next child tries again
  }
}
