package io.camreasoner.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.testing.SharedKafka;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.registry.CompatibilityLevel;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaRegistryIT {

  @Test
  void shouldKeepIdsVersionsAndConfigWhenRegistryRestartsOnSameTopic() throws Exception {
    String bootstrap = SharedKafka.broker().bootstrapServers();
    String topic = "it._schemas-" + UUID.randomUUID();
    int windowId;
    int eventId;
    int keyId;
    try (EmbeddedSchemaRegistry first =
        EmbeddedSchemaRegistry.builder().kafka(bootstrap, topic, Map.of()).build().start()) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(first.url());
      windowId = client.register("windows-value", FrameWindow.getClassSchema());
      eventId = client.register("events-value", MotionEvent.getClassSchema());
      keyId = client.register("timelines-key", ShotKey.getClassSchema());
      client.setCompatibility("events-value", CompatibilityLevel.FULL);
    }
    try (EmbeddedSchemaRegistry second =
        EmbeddedSchemaRegistry.builder().kafka(bootstrap, topic, Map.of()).build().start()) {
      RestSchemaRegistryClient fresh = RestSchemaRegistryClient.forUrl(second.url());
      assertThat(fresh.getById(windowId)).isEqualTo(FrameWindow.getClassSchema());
      assertThat(fresh.getById(eventId)).isEqualTo(MotionEvent.getClassSchema());
      assertThat(fresh.lookup("timelines-key", ShotKey.getClassSchema()).id()).isEqualTo(keyId);
      assertThat(fresh.latest("events-value").version()).isEqualTo(1);
      assertThat(fresh.compatibility("events-value")).isEqualTo(CompatibilityLevel.FULL);
      assertThat(fresh.subjects())
          .containsExactly("events-value", "timelines-key", "windows-value");
      // ids are never reused: the next new schema gets a new one
      int next =
          fresh.register("other-value", io.camreasoner.schemas.avro.DeadLetter.getClassSchema());
      assertThat(next).isGreaterThan(Math.max(windowId, Math.max(eventId, keyId)));
      // re-registering an existing schema returns the same id after the restart
      assertThat(fresh.register("windows-value", FrameWindow.getClassSchema())).isEqualTo(windowId);
    }
  }
}
