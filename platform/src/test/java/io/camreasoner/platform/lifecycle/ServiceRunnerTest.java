package io.camreasoner.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
  final List<String> events = new ArrayList<>();

  Service service(String name, boolean failStart) {
    return new Service() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start() {
        if (failStart) {
          throw new IllegalStateException(name + " cannot bind");
        }
        events.add("start " + name);
      }

      @Override
      public void close() {
        events.add("close " + name);
      }
    };
  }

  @Test
  void shouldStartInOrderAndCloseInReverseWhenClosed() throws Exception {
    ServiceRunner runner =
        new ServiceRunner("test")
            .add(service("broker", false))
            .add(service("registry", false))
            .add(service("worker", false));
    runner.start();
    assertThat(runner.healthy()).isTrue();
    assertThat(runner.awaitShutdown(10, TimeUnit.MILLISECONDS)).isFalse();
    runner.close();
    runner.close();
    assertThat(events)
        .containsExactly(
            "start broker",
            "start registry",
            "start worker",
            "close worker",
            "close registry",
            "close broker");
    assertThat(runner.awaitShutdown(10, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(runner.healthy()).isFalse();
  }

  @Test
  void shouldCloseStartedServicesWhenALaterOneFailsToStart() {
    ServiceRunner runner =
        new ServiceRunner("test")
            .add(service("broker", false))
            .add(service("registry", true))
            .add(service("worker", false));
    assertThatThrownBy(runner::start).hasMessage("registry cannot bind");
    // the one that failed releases what it opened before failing, then the started ones close
    assertThat(events).containsExactly("start broker", "close registry", "close broker");
    assertThatThrownBy(() -> runner.start(service("worker", false)))
        .hasMessageContaining("stopped");
  }

  @Test
  void shouldStartEachServiceWhenAddedOneByOneAndCloseAllInReverse() throws Exception {
    List<String> seen = new ArrayList<>();
    try (ServiceRunner runner = new ServiceRunner("test")) {
      runner.start(service("broker", false));
      // a later service can be built from what an earlier one made (e.g. its address)
      Service registry = runner.start(service("registry after " + events.get(0), false));
      seen.add(registry.name());
      runner.start(
          Service.of(
              "producer", () -> events.add("start producer"), () -> events.add("close producer")));
    }
    assertThat(seen).containsExactly("registry after start broker");
    assertThat(events)
        .containsExactly(
            "start broker",
            "start registry after start broker",
            "start producer",
            "close producer",
            "close registry after start broker",
            "close broker");
  }

  @Test
  void shouldRethrowACheckedCloseFailureUncheckedWhenAResourceServiceCloses() {
    Service failing =
        Service.of(
            "file",
            () -> {},
            () -> {
              throw new java.io.IOException("disk gone");
            });
    assertThatThrownBy(failing::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file: disk gone");
  }

  @Test
  void shouldReleaseAwaitingMainWhenClosedFromAnotherThread() throws Exception {
    ServiceRunner runner =
        new ServiceRunner("test").add(service("a", false)).start().installShutdownHook();
    Thread closer = new Thread(runner::close);
    closer.start();
    assertThat(runner.awaitShutdown(5, TimeUnit.SECONDS)).isTrue();
    closer.join();
    assertThat(events).containsExactly("start a", "close a");
  }
}
