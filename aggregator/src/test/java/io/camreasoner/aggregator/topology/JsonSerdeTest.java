package io.camreasoner.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.aggregator.fold.ShotState;
import io.camreasoner.aggregator.fold.TimelineFold;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.TransitionRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<ShotState> serde = new JsonSerde<>(ShotState.class);

  @Test
  void shouldKeepTheStreamsTransitionsInTheStoredShotState() {
    TimelineFold fold = TimelineFold.empty(new TimelineId("cam", 0, ""), "cam.mp4", 2, 1);
    List<TransitionRecord> transitions =
        List.of(new TransitionRecord("cut", 40, 41), new TransitionRecord("dissolve", 80, 95));
    fold.markLastShot(null, List.of(40L), transitions);

    byte[] bytes = serde.serializer().serialize("store", fold.state());
    ShotState back = serde.deserializer().deserialize("store", bytes);

    assertThat(back).isEqualTo(fold.state());
    assertThat(back.transitions()).isEqualTo(transitions);
  }

  @Test
  void shouldReadAShotStateStoredBeforeTransitionsExistedWithNone() {
    TimelineFold fold = TimelineFold.empty(new TimelineId("cam", 0, ""), "cam.mp4", 1, 1);
    fold.markLastShot(null, List.of(40L), List.of());
    String stored =
        new String(serde.serializer().serialize("store", fold.state()), StandardCharsets.UTF_8)
            .replace(",\"transitions\":[]", "");
    assertThat(stored).doesNotContain("transitions");

    ShotState back =
        serde.deserializer().deserialize("store", stored.getBytes(StandardCharsets.UTF_8));

    assertThat(back.transitions()).isEmpty();
    assertThat(back.cuts()).containsExactly(40L);
  }
}
