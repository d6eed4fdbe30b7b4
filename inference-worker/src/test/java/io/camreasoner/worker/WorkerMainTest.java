package io.camreasoner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerMainTest {

  @Test
  void shouldExitWithUsageCodeOnABadOption() throws Exception {
    assertThat(WorkerMain.run(Map.of("worker.threads", "lots"))).isEqualTo(2);
  }

  @Test
  void shouldReadAPropertiesFileAndLetKeyValueArgumentsWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("worker.properties");
    Files.writeString(file, "worker.threads=3\nreasoner.backend=vlm\n");

    Map<String, String> options =
        WorkerMain.options(new String[] {file.toString(), "worker.threads=5"});

    assertThat(options)
        .containsEntry("worker.threads", "5")
        .containsEntry("reasoner.backend", "vlm");
  }
}
