package io.camreasoner.platform.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the ports an embedded broker will listen on, before its process starts.
 *
 * <p>A broker's ports are chosen in this JVM and bound later by the broker's own JVM. A port taken
 * by binding port 0 comes from the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from; a connection attempt in between (a readiness poll, a client
 * of another broker) can hold the port and the broker then fails with "address already in use".
 * Ports here are therefore drawn at random from below the ephemeral range (read from {@code
 * /proc/sys/net/ipv4/ip_local_port_range} on Linux), where no outgoing connection is given a port,
 * and checked free by binding them once. Where the range cannot be read, the kernel's choice (port
 * 0) is used as before.
 */
final class ListenerPorts {
  /** Where Linux keeps the ephemeral range, as "low high". */
  static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** Lowest port drawn: above the registered services most machines run below 10000. */
  static final int LOWEST = 10_000;

  /** How many random ports are tried before falling back to the kernel's choice. */
  static final int TRIES = 200;

  private ListenerPorts() {}

  /** A port that was free on every interface a moment ago and is outside the ephemeral range. */
  static int choose() {
    return choose(LOWEST, ephemeralLow(EPHEMERAL_RANGE));
  }

  /**
   * A free port in {@code [low, high)}, or the kernel's choice when that span is empty (the range
   * unknown) or no port in it could be bound in {@link #TRIES} tries.
   */
  static int choose(int low, int high) {
    if (high > low) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < TRIES; i++) {
        int port = random.nextInt(low, high);
        if (bindable(port)) {
          return port;
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded broker", e);
    }
  }

  /** The low end of the ephemeral range in {@code file}, or 0 when it cannot be read. */
  static int ephemeralLow(Path file) {
    // Read as a stream: /proc reports a size of 0, and Files.readString then stops short.
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String[] parts = in.readLine().trim().split("\\s+");
      return Integer.parseInt(parts[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean bindable(int port) {
    // Bound like the broker binds it (all interfaces), so a port held on any address is refused.
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress((InetAddress) null, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
