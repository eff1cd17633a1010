package io.btmanager.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client for the web benchmarks: one kept-alive connection, blocking I/O on the
 * calling thread, the body read and dropped. The JDK's {@code HttpClient} hands each request
 * between the caller, its selector thread and its executor and allocates a chain of futures per
 * request: on two cores shared with the server under test, that client's own CPU time and thread
 * hand-offs were a large part of the latency measured. This one costs the caller one write and a
 * few reads per request, as a browser's kept-alive connection costs the server nothing extra.
 * Both servers of a comparison are measured with the same client.
 *
 * <p>Reads {@code Content-Length} and {@code chunked} bodies; a {@code Connection: close} answer
 * makes the next request open a new connection. Not thread-safe: one per benchmark thread.
 */
final class KeepAliveClient implements AutoCloseable {
  private final String host;
  private final int port;
  private final byte[] scratch = new byte[64 * 1024];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveClient(URI server) {
    this.host = server.getHost();
    this.port = server.getPort();
  }

  /**
   * GETs {@code uri} with the extra header lines (e.g. {@code "X-User: alice"}).
   *
   * @return the number of body bytes read
   * @throws IllegalStateException when the answer is not 200
   */
  int get(URI uri, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(128).append("GET ").append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      request.append('?').append(uri.getRawQuery());
    }
    request.append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    request.append("Accept: application/json\r\n\r\n");
    if (socket == null) {
      connect();
    }
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();

    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    long read;
    if (chunked) {
      read = 0;
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        skip(size);
        read += size;
        line(); // the CRLF after the chunk
      }
      while (!line().isEmpty()) {} // trailers
    } else if (length >= 0) {
      skip(length);
      read = length;
    } else {
      throw new IOException("an answer without Content-Length or chunked body from " + uri);
    }
    if (close) {
      close();
    }
    if (code != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + code);
    }
    return (int) read;
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
      if (r < 0) {
        throw new IOException("the server closed the connection mid-body");
      }
      n -= r;
    }
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
