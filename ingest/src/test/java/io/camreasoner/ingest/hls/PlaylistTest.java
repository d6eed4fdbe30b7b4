package io.camreasoner.ingest.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PlaylistTest {
  private static final URI BASE = URI.create("http://cam.example:8080/live/stream.m3u8");

  @Test
  void shouldNumberSegmentsFromMediaSequenceAndResolveThemWhenPlaylistIsLive() throws Exception {
    Playlist p =
        Playlist.parse(
            BASE,
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:41
            #EXT-X-PLAYLIST-TYPE:EVENT
            #EXTINF:2.000000,
            seg041.ts
            #EXTINF:1.960000,
            /other/seg042.ts
            """);
    assertThat(p).isInstanceOf(Playlist.Media.class);
    Playlist.Media media = (Playlist.Media) p;
    assertThat(media.targetDurationSeconds()).isEqualTo(2.0);
    assertThat(media.endList()).isFalse();
    assertThat(media.mediaSequence()).isEqualTo(41);
    assertThat(media.lastSequence()).isEqualTo(42);
    assertThat(media.segment(41).uri())
        .isEqualTo(URI.create("http://cam.example:8080/live/seg041.ts"));
    assertThat(media.segment(42).uri())
        .isEqualTo(URI.create("http://cam.example:8080/other/seg042.ts"));
    assertThat(media.segment(42).durationSeconds()).isEqualTo(1.96);
    assertThat(media.segment(40)).isNull();
    assertThat(media.segment(43)).isNull();
  }

  @Test
  void shouldEndWhenPlaylistHasEndListOrIsVod() throws Exception {
    String segments = "#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n";
    assertThat(((Playlist.Media) Playlist.parse(BASE, "#EXTM3U\n" + segments)).endList()).isFalse();
    assertThat(
            ((Playlist.Media) Playlist.parse(BASE, "#EXTM3U\n" + segments + "#EXT-X-ENDLIST\n"))
                .endList())
        .isTrue();
    assertThat(
            ((Playlist.Media)
                    Playlist.parse(BASE, "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n" + segments))
                .endList())
        .isTrue();
  }

  @Test
  void shouldPickHighestBandwidthWhenPlaylistIsMultivariant() throws Exception {
    Playlist p =
        Playlist.parse(
            BASE,
            """
            #EXTM3U
            #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360
            low/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2"
            high/index.m3u8
            """);
    assertThat(((Playlist.Multivariant) p).best().uri())
        .isEqualTo(URI.create("http://cam.example:8080/live/high/index.m3u8"));
  }

  @Test
  void shouldRefuseWithReasonWhenPlaylistIsEncryptedOrFragmentedMp4OrNotAPlaylist() {
    assertThatThrownBy(
            () ->
                Playlist.parse(
                    BASE,
                    "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n"))
        .hasMessage("encrypted HLS segments (#EXT-X-KEY) are not supported");
    assertThatThrownBy(
            () ->
                Playlist.parse(
                    BASE, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n"))
        .hasMessageStartingWith("fragmented-MP4 HLS segments (#EXT-X-MAP) are not supported");
    assertThatThrownBy(() -> Playlist.parse(BASE, "<html>not found</html>"))
        .hasMessage("not an HLS playlist (no #EXTM3U header)");
  }
}
