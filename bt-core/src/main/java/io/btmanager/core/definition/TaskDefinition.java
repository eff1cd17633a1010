package io.btmanager.core.definition;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Limits;
import io.btmanager.core.task.Priority;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A task type: its name, the classes of its arguments and result, its handler and its policies.
 * Immutable; registered once on the manager's builder.
 *
 * <pre>{@code
 * TaskDefinition<Resize, URI> resize = TaskDefinition.of("resize-image", Resize.class, URI.class)
 *     .handler((ctx, args) -> { ctx.progress(1, 3, "downloading"); ...; return out; })
 *     .retry(RetryPolicy.exponential(5, Duration.ofSeconds(1)))
 *     .timeout(Duration.ofMinutes(10))
 *     .advisor(ImageErrors::advise)
 *     .build();
 * }</pre>
 *
 * @param <A> the arguments' class (a record or bean Jackson can bind)
 * @param <R> the result's class ({@code Void} for none)
 */
public final class TaskDefinition<A, R> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  private final String name;
  private final Class<A> argumentType;
  private final Class<R> resultType;
  private final TaskHandler<A, R> handler;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final Priority defaultPriority;
  private final ErrorAdvisor advisor;

  private TaskDefinition(Builder<A, R> b) {
    this.name = b.name;
    this.argumentType = b.argumentType;
    this.resultType = b.resultType;
    this.handler = b.handler;
    this.retry = b.retry;
    this.timeout = b.timeout;
    this.defaultPriority = b.defaultPriority;
    this.advisor = b.advisor;
  }

  /**
   * Starts a task type named {@code name} (lower case letters, digits, '.', '_' and '-', up to 100
   * characters, starting with a letter or digit).
   *
   * @throws InvalidInputException if the name is not of that form
   */
  public static <A, R> Builder<A, R> of(String name, Class<A> argumentType, Class<R> resultType) {
    return new Builder<>(name, argumentType, resultType);
  }

  /** A task type with no result. */
  public static <A> Builder<A, Void> of(String name, Class<A> argumentType) {
    return new Builder<>(name, argumentType, Void.class);
  }

  public String name() {
    return name;
  }

  public Class<A> argumentType() {
    return argumentType;
  }

  public Class<R> resultType() {
    return resultType;
  }

  /** The handler, or null for a type registered {@linkplain Builder#withoutHandler() without one}. */
  public TaskHandler<A, R> handler() {
    return handler;
  }

  /**
   * Whether this node can run tasks of this type: a node claims only the types it registered with a
   * handler, and leaves the others in the queue for the nodes that run them.
   */
  public boolean hasHandler() {
    return handler != null;
  }

  public RetryPolicy retry() {
    return retry;
  }

  /** The longest an attempt may run, or null for no limit. */
  public Duration timeout() {
    return timeout;
  }

  public Priority defaultPriority() {
    return defaultPriority;
  }

  public ErrorAdvisor advisor() {
    return advisor;
  }

  @Override
  public String toString() {
    return "TaskDefinition[" + name + "]";
  }

  /** Builds a {@link TaskDefinition}; every setter validates at once. */
  public static final class Builder<A, R> {
    private final String name;
    private final Class<A> argumentType;
    private final Class<R> resultType;
    private TaskHandler<A, R> handler;
    private boolean withoutHandler;
    private RetryPolicy retry = RetryPolicy.none();
    private Duration timeout;
    private Priority defaultPriority = Priority.MEDIUM;
    private ErrorAdvisor advisor = ErrorAdvisor.none();

    private Builder(String name, Class<A> argumentType, Class<R> resultType) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            "name",
            "'" + name + "' is not a valid task type name",
            "lower case letters, digits, '.', '_' and '-', 1 to 100 characters");
      }
      this.name = name;
      this.argumentType =
          Limits.notNull(argumentType, "argumentType", "the arguments' class, e.g. Resize.class");
      this.resultType =
          Limits.notNull(resultType, "resultType", "the result's class, or Void.class");
    }

    /** The work; required. */
    public Builder<A, R> handler(TaskHandler<A, R> handler) {
      this.handler =
          Limits.notNull(handler, "handler", "a TaskHandler, e.g. (ctx, args) -> result");
      return this;
    }

    /** Attempts and backoff; default {@link RetryPolicy#none()}. */
    public Builder<A, R> retry(RetryPolicy retry) {
      this.retry = Limits.notNull(retry, "retry", "a RetryPolicy, e.g. RetryPolicy.none()");
      return this;
    }

    /** The longest an attempt may run; default none. */
    public Builder<A, R> timeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new InvalidInputException("timeout", "is " + timeout, "a positive duration");
      }
      this.timeout = timeout;
      return this;
    }

    /** The priority of tasks submitted without one; default MEDIUM. */
    public Builder<A, R> defaultPriority(Priority priority) {
      this.defaultPriority = Limits.notNull(priority, "priority", "LOW, MEDIUM or HIGH");
      return this;
    }

    /** Words for a person when this type fails; default: the built-in advice only. */
    public Builder<A, R> advisor(ErrorAdvisor advisor) {
      this.advisor =
          Limits.notNull(advisor, "advisor", "an ErrorAdvisor, e.g. ErrorAdvisor.none()");
      return this;
    }

    /**
     * Makes a definition without a handler, for a node that submits, lists and stops tasks of this
     * type but never runs them (a web node, a producer, a node of a rolling deploy that does not
     * have the handler yet): it never claims them, and submits through it are validated against the
     * argument type as on any node.
     */
    public Builder<A, R> withoutHandler() {
      this.withoutHandler = true;
      return this;
    }

    /**
     * @throws InvalidInputException if no handler was given (and {@link #withoutHandler()} was not
     *     called), or a handler was given after all
     */
    public TaskDefinition<A, R> build() {
      if (withoutHandler && handler != null) {
        throw new InvalidInputException(
            "handler",
            "is given for task type '" + name + "' declared withoutHandler()",
            "either a handler or withoutHandler()");
      }
      if (handler == null && !withoutHandler) {
        throw new InvalidInputException(
            "handler",
            "is missing for task type '" + name + "'",
            "a TaskHandler given with handler(...)");
      }
      return new TaskDefinition<>(this);
    }
  }
}
