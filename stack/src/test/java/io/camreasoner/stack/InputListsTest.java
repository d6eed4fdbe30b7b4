package io.camreasoner.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputListsTest {
  @TempDir Path dir;

  @Test
  void shouldReadTextAndCsvListsRelativeToTheirDirectoryWhenGivenAsInputs() throws Exception {
    Path lists = Files.createDirectories(dir.resolve("lists"));
    Path txt = lists.resolve("tonight.txt");
    Files.writeString(
        txt, "# the evening news\nnews/a.mp4\n\n  /archive/b.mov  \nhttps://cdn.example/c.m3u8\n");
    Path csv = lists.resolve("library.csv");
    Files.writeString(
        csv, "title,path,year\n\"News, late\",news/late.mp4,2024\nOld,/archive/b.mov,1999\n");
    Path plain = lists.resolve("first-column.csv");
    Files.writeString(plain, "x/one.mp4,keep\nx/two.mp4,skip\n");

    List<String> out =
        InputLists.locations(
            List.of(txt.toString(), csv.toString(), plain.toString(), "clips/", "rtsp://cam-1"));

    assertThat(out)
        .containsExactly(
            lists.toAbsolutePath().resolve("news/a.mp4").toString(),
            "/archive/b.mov",
            "https://cdn.example/c.m3u8",
            lists.toAbsolutePath().resolve("news/late.mp4").toString(),
            lists.toAbsolutePath().resolve("x/one.mp4").toString(),
            lists.toAbsolutePath().resolve("x/two.mp4").toString(),
            "clips/",
            "rtsp://cam-1");
  }
}
