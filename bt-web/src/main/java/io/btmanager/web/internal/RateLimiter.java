package io.btmanager.web.internal;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} requests at once, refilled at {@code perMinute}. A request
 * over the limit is refused with the seconds until the next token (429 with Retry-After).
 */
final class RateLimiter {
  private static final int MAX_USERS = 100_000;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final double perMilli;
  private final int burst;
  private final Clock clock;

  RateLimiter(int perMinute, int burst, Clock clock) {
    this.perMilli = perMinute / 60_000.0;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * @throws ApiProblem 429 rate-limited when the user has no request left just now
   */
  void acquire(String user) {
    long now = clock.millis();
    if (buckets.size() > MAX_USERS) {
      buckets.values().removeIf(b -> b.full(now));
    }
    long waitMillis = buckets.computeIfAbsent(user, u -> new Bucket(now)).take(now);
    if (waitMillis > 0) {
      long seconds = Math.max(1, (waitMillis + 999) / 1000);
      throw new ApiProblem(
          429,
          "rate-limited",
          "too many requests; try again in " + seconds + " s",
          null,
          null,
          seconds);
    }
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(long now) {
      this.tokens = burst;
      this.at = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perMilli);
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (now - at) * perMilli);
        at = now;
      }
    }
  }
}
