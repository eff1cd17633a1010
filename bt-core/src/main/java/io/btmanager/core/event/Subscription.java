package io.btmanager.core.event;

/** A listener's subscription; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
