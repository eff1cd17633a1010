package io.btmanager.web.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A push stream as Server-Sent Events, written with the servlet's non-blocking output: a client
 * that reads slowly leaves its messages waiting in its {@link Outbox}, never a thread blocked.
 */
final class SseTransport implements Outbox.Transport, WriteListener, AsyncListener {
  private final AsyncContext async;
  private final ServletOutputStream out;
  private Outbox outbox;
  private byte[] pending;
  private boolean flush;
  private Consumer<Boolean> done;
  private boolean closed;

  private SseTransport(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  static void start(
      HttpServletRequest req,
      HttpServletResponse resp,
      PushHub hub,
      UserChannel channel,
      String lastEventId)
      throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/event-stream;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    SseTransport t = new SseTransport(async, resp.getOutputStream());
    async.addListener(t);
    synchronized (t) {
      t.pending = "retry: 2000\n\n".getBytes(StandardCharsets.UTF_8);
      t.outbox = hub.attach(channel, t, lastEventId);
    }
    t.out.setWriteListener(t);
  }

  @Override
  public void send(PushMessage m, Consumer<Boolean> whenDone) {
    synchronized (this) {
      byte[] bytes = m.sse().getBytes(StandardCharsets.UTF_8);
      if (pending != null) {
        byte[] both = new byte[pending.length + bytes.length];
        System.arraycopy(pending, 0, both, 0, pending.length);
        System.arraycopy(bytes, 0, both, pending.length, bytes.length);
        bytes = both;
      }
      pending = bytes;
      done = whenDone;
    }
    write();
  }

  @Override
  public void onWritePossible() {
    write();
  }

  private void write() {
    Consumer<Boolean> finished = null;
    synchronized (this) {
      if (closed || outbox == null) {
        return;
      }
      try {
        while (out.isReady()) {
          if (pending != null) {
            byte[] b = pending;
            pending = null;
            flush = true;
            out.write(b);
          } else if (flush) {
            flush = false;
            out.flush();
          } else {
            finished = done;
            done = null;
            break;
          }
        }
      } catch (IOException | IllegalStateException e) {
        finished = null;
        closed = true;
      }
    }
    if (closed) {
      outbox.close();
    } else if (finished != null) {
      finished.accept(true);
    }
  }

  @Override
  public void onError(Throwable t) {
    end();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // already completed
    }
  }

  private void end() {
    Outbox o;
    synchronized (this) {
      closed = true;
      o = outbox;
    }
    if (o != null) {
      o.close();
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    end();
  }

  @Override
  public void onError(AsyncEvent event) {
    end();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}
}
