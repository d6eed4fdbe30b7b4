package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadmeTest {

  @Test
  void shouldCarryEveryServicesGeneratedConfigurationTableWhenReadmeIsCurrent() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section =
        readme.substring(
            readme.indexOf("<!-- config:begin -->"), readme.indexOf("<!-- config:end -->"));
    DocsCommand.tables()
        .forEach(
            (name, table) ->
                assertThat(section)
                    .as(
                        "README configuration table of %s is stale: run ./camreasoner docs and paste it",
                        name)
                    .contains("### `" + name + "`\n\n" + table));
  }

  @Test
  void shouldListTheAclsEveryServiceChecksWhenReadmeIsCurrent() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String block =
        readme.substring(
            readme.indexOf("<!-- acls:begin -->\n") + "<!-- acls:begin -->\n".length(),
            readme.indexOf("<!-- acls:end -->"));

    assertThat(block)
        .as("README's ACL list is stale: run ./camreasoner acls and paste it")
        .isEqualTo(
            "```bash\n"
                + AclsCommand.script(AclsCommand.requirements(List.of()), Map.of())
                + "```\n");
  }

  @Test
  void shouldNameTheTwoCommandsWhenANewUserReadsTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains("./camreasoner analyze").contains("mvn -B verify");
    assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("mvn -B verify");
  }
}
