package io.camreasoner.ingest.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the files of a directory over loopback HTTP like a plain static server (whole files with
 * their length, 404 for missing ones), counts the successful GETs of each path, and can refuse
 * connections for a while or for good: its listening socket is closed, as when the server is down,
 * then opened again on the same port.
 */
public final class HttpDirectoryServer implements AutoCloseable {
  private final Path dir;
  private int port;
  private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  private HttpServer server;

  private HttpDirectoryServer(Path dir) {
    this.dir = dir;
  }

  /** Starts serving a directory on a free loopback port. */
  public static HttpDirectoryServer start(Path dir) throws IOException {
    HttpDirectoryServer s = new HttpDirectoryServer(dir);
    s.accept();
    return s;
  }

  /** The URL of a file in the directory. */
  public String url(String file) {
    return "http://127.0.0.1:" + port + "/" + file;
  }

  /** Times a path was served in full (200). */
  public int served(String file) {
    AtomicInteger n = served.get("/" + file);
    return n == null ? 0 : n.get();
  }

  /** Every path served in full, with how often. */
  public Map<String, Integer> served() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    served.forEach((path, n) -> copy.put(path.substring(1), n.get()));
    return copy;
  }

  /** Closes the listening socket: connections are refused until {@link #accept()}. */
  public synchronized void refuse() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** (Re)opens the listening socket on the same port. */
  public synchronized void accept() throws IOException {
    if (server != null) {
      return;
    }
    server = bind();
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          try (exchange) {
            byte[] body;
            try {
              body = Files.readAllBytes(dir.resolve(path.substring(1)));
            } catch (NoSuchFileException e) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            exchange
                .getResponseHeaders()
                .set(
                    "Content-Type",
                    path.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            served.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          } catch (IOException e) {
            // the client went away
          }
        });
    server.start();
  }

  /** Binds the port again; the closed listener may take a moment to let it go. */
  private HttpServer bind() throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      try {
        HttpServer bound = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        port = bound.getAddress().getPort();
        return bound;
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    refuse();
  }
}
