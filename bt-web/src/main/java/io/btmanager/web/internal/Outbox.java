package io.btmanager.web.internal;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The messages waiting for one push stream. Offering never blocks: the transport sends one message
 * at a time without blocking and says when it is done. A stream that falls {@code capacity}
 * messages behind loses them and gets a reset instead (its client refetches), so a slow client
 * holds only its own memory and never a worker or another client.
 */
final class Outbox {
  /** Sends one message without blocking; calls {@code done} (true when sent) when it may send more. */
  interface Transport {
    void send(PushMessage m, Consumer<Boolean> done);

    void close();
  }

  static final PushMessage BEHIND = PushMessage.reset("the client fell behind; fetch again");

  private final ArrayDeque<PushMessage> queue = new ArrayDeque<>();
  private final int capacity;
  private final Transport transport;
  private final Runnable onClose;
  private boolean sending;
  private boolean pumping;
  private boolean closed;

  Outbox(int capacity, Transport transport, Runnable onClose) {
    this.capacity = capacity;
    this.transport = transport;
    this.onClose = onClose;
  }

  void offer(PushMessage m) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        queue.clear();
        queue.add(BEHIND);
      } else {
        queue.add(m);
      }
    }
    pump();
  }

  private void pump() {
    while (true) {
      PushMessage m;
      synchronized (this) {
        if (pumping || sending || closed || queue.isEmpty()) {
          return;
        }
        pumping = true;
        sending = true;
        m = queue.poll();
      }
      try {
        transport.send(m, this::sent);
      } catch (RuntimeException e) {
        close();
      } finally {
        synchronized (this) {
          pumping = false;
        }
      }
    }
  }

  private void sent(boolean ok) {
    if (!ok) {
      close();
      return;
    }
    synchronized (this) {
      sending = false;
    }
    pump();
  }

  /** Ends the stream once; later offers are dropped. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
    }
    try {
      transport.close();
    } finally {
      onClose.run();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
