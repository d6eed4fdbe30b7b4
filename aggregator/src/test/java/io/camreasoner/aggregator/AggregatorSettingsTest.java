package io.camreasoner.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatorSettingsTest {

  @Test
  void shouldBuildConfigWithRegistryTopicsAndGivenOptions() {
    AggregatorConfig cfg =
        AggregatorSettings.config(
            AggregatorSettings.GROUP.parse(
                Map.of(
                    "kafka.bootstrap",
                    "k:9092",
                    "aggregator.idle-close",
                    "5s",
                    "http.port",
                    "0",
                    "aggregator.min-segment-windows",
                    "3"),
                k -> null));
    assertThat(cfg.bootstrapServers()).isEqualTo("k:9092");
    assertThat(cfg.motionEventsTopic()).isEqualTo(Topics.MOTION_EVENTS.name());
    assertThat(cfg.shotTimelinesTopic()).isEqualTo(Topics.SHOT_TIMELINES.name());
    assertThat(cfg.dlqTopic()).isEqualTo(Topics.DLQ.name());
    assertThat(cfg.idleClose()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cfg.minSegmentWindows()).isEqualTo(3);
    assertThat(cfg.httpHost()).isEqualTo("127.0.0.1");
    assertThat(cfg.serdes().motionEvents()).isNotNull();
  }

  @Test
  void shouldNameBadOptionWhenValueIsInvalid() {
    assertThatThrownBy(
            () -> AggregatorSettings.GROUP.parse(Map.of("http.port", "70000"), k -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port='70000' must be in [0, 65535]");
  }
}
