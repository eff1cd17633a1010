package io.btmanager.core.definition;

import io.btmanager.core.exception.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * How often a task type is attempted and how long it waits between attempts: exponential backoff
 * with jitter. The delay before attempt {@code n + 1} is {@code min(maxDelay, initialDelay *
 * multiplier^(n-1))}, of which a random share of up to {@code jitter} is taken off (so {@code jitter
 * = 0.5} gives a delay between half and all of it). Only errors that {@code retryOn} accepts are
 * retried; cancellations never are.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialDelay delay before the second attempt
 * @param multiplier growth of the delay per attempt, at least 1
 * @param maxDelay the largest delay
 * @param jitter the random share taken off a delay, from 0 to 1
 * @param retryOn which errors may be retried
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    double jitter,
    Predicate<Throwable> retryOn) {

  private static final Duration LONGEST = Duration.ofDays(3_650);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts", "is " + maxAttempts, "1 or more");
    }
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.compareTo(LONGEST) > 0) {
      throw new InvalidInputException("initialDelay", "is " + initialDelay, "zero to 3650 days");
    }
    if (maxDelay == null
        || maxDelay.compareTo(initialDelay) < 0
        || maxDelay.compareTo(LONGEST) > 0) {
      throw new InvalidInputException(
          "maxDelay", "is " + maxDelay, "initialDelay (" + initialDelay + ") to 3650 days");
    }
    if (retryOn == null) {
      throw new InvalidInputException(
          "retryOn", "is null", "a Predicate<Throwable> or the error classes that retry");
    }
    if (!(multiplier >= 1.0)) {
      throw new InvalidInputException("multiplier", "is " + multiplier, "1.0 or more");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new InvalidInputException("jitter", "is " + jitter, "0.0 to 1.0");
    }
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0, e -> false);
  }

  /**
   * Up to {@code maxAttempts} attempts, doubling from {@code initialDelay} up to an hour, with
   * 50% jitter, retrying every error.
   */
  public static RetryPolicy exponential(int maxAttempts, Duration initialDelay) {
    if (initialDelay == null) {
      throw new InvalidInputException("initialDelay", "is null", "zero to 3650 days");
    }
    Duration cap =
        initialDelay.compareTo(Duration.ofHours(1)) > 0 ? initialDelay : Duration.ofHours(1);
    return new RetryPolicy(maxAttempts, initialDelay, 2.0, cap, 0.5, e -> true);
  }

  /** The same policy with a different cap on the delay. */
  public RetryPolicy withMaxDelay(Duration max) {
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, max, jitter, retryOn);
  }

  /** The same policy with a different jitter share (0 makes delays exact). */
  public RetryPolicy withJitter(double share) {
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, share, retryOn);
  }

  /** The same policy, retrying only errors that are instances of one of {@code types}. */
  @SafeVarargs
  public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
    if (types == null || Arrays.asList(types).contains(null)) {
      throw new InvalidInputException(
          "types", types == null ? "is null" : "contains null", "one or more Throwable classes");
    }
    List<Class<? extends Throwable>> list = List.copyOf(new LinkedHashSet<>(Arrays.asList(types)));
    return new RetryPolicy(
        maxAttempts,
        initialDelay,
        multiplier,
        maxDelay,
        jitter,
        e -> list.stream().anyMatch(t -> t.isInstance(e)));
  }

  /** The same policy with another predicate choosing which errors retry. */
  public RetryPolicy retryOn(Predicate<Throwable> predicate) {
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter, predicate);
  }

  /** Whether an attempt numbered {@code attempt} that failed with {@code error} runs again. */
  public boolean shouldRetry(int attempt, Throwable error) {
    return attempt < maxAttempts && retryOn.test(error);
  }

  /** The delay before the attempt after {@code attempt}, jitter included. */
  public Duration delayAfter(int attempt) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    double taken = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble() * jitter * capped;
    return Duration.ofMillis(Math.round(capped - taken));
  }
}
