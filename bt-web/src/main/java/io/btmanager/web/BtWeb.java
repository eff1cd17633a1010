package io.btmanager.web;

import io.btmanager.core.TaskManager;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.web.internal.ApiServlet;
import io.btmanager.web.internal.PushHub;
import io.btmanager.web.internal.WebSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web face of one {@link TaskManager}: the JSON API under {@code <path>/api}, live push at
 * {@code <path>/api/push/ws} (WebSocket) and {@code <path>/api/push/sse} (Server-Sent Events), and
 * the dashboard at {@code <path>/}. Every call acts as the user the host's {@link UserResolver}
 * names, through {@link TaskManager#forUser}; admin routes through {@link TaskManager#admin()}.
 *
 * <p>Mount it in the host's Servlet 6 container ({@link #mount}, or register {@link #servlet()} at
 * {@code <path>/*} with async support) or run a {@link BtWebServer}. Thread-safe; close it when the
 * host stops (it ends the push streams; the manager stays open).
 *
 * <pre>{@code
 * BtWeb web = BtWeb.builder(manager).users(UserResolver.containerPrincipal("bt-admin")).build();
 * web.mount(servletContext, "/bt");
 * }</pre>
 */
public final class BtWeb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BtWeb.class);
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private final WebSettings settings;
  private final PushHub hub;
  private final ApiServlet servlet;

  private BtWeb(WebSettings settings) {
    this.settings = settings;
    this.hub = new PushHub(settings);
    this.servlet = new ApiServlet(settings, hub);
  }

  /** Starts a builder for the face of {@code manager}. */
  public static Builder builder(TaskManager manager) {
    return new Builder(Objects.requireNonNull(manager, "manager"));
  }

  /**
   * The one servlet that serves everything: register it at {@code <path>/*} with async support
   * (SSE) in a container that has Jakarta WebSocket 2.1 (for the WebSocket; SSE works without).
   */
  public HttpServlet servlet() {
    return servlet;
  }

  /**
   * Registers {@link #servlet()} at {@code path + "/*"} with async support. Call while the context
   * starts (a {@code ServletContextListener} or {@code ServletContainerInitializer}).
   *
   * @param path where it lives, e.g. {@code /bt}: the API is then at {@code /bt/api}
   */
  public void mount(ServletContext context, String path) {
    ServletRegistration.Dynamic r = context.addServlet("bt-web", servlet);
    if (r == null) {
      throw new IllegalStateException("a servlet named bt-web is already registered");
    }
    r.addMapping(checkPath(path) + "/*");
    r.setAsyncSupported(true);
  }

  /** The manager this face shows. */
  public TaskManager manager() {
    return settings.manager();
  }

  /** Ends every push stream and stops the push hub's timers. The manager stays open. */
  @Override
  public void close() {
    hub.close();
  }

  static String checkPath(String path) {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new InvalidInputException(
          "path",
          "is '" + path + "'",
          "a path like /bt (a slash, then segments; no trailing slash)");
    }
    return path;
  }

  /** Builds a {@link BtWeb}; every setter validates at once. */
  public static final class Builder {
    private final TaskManager manager;
    private UserResolver users;
    private boolean anonymous;
    private Function<WebUser, AccessLevel> access = u -> AccessLevel.FULL;
    private Set<String> submittable;
    private Set<String> origins = Set.of();
    private int perMinute = 600;
    private int burst = 120;
    private int maxBody = 256 * 1024;
    private int maxIds = 1_000;
    private int maxParts = 20;
    private int maxPage = 500;
    private int maxStreams = 16;
    private int pushBuffer = 1_000;
    private int streamQueue = 1_000;
    private Duration ping = Duration.ofSeconds(20);
    private Duration progress = Duration.ofMillis(250);
    private Duration resume = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();

    private Builder(TaskManager manager) {
      this.manager = manager;
    }

    /** Who the user of a request is. Required, unless {@link #allowAnonymousDevelopment()}. */
    public Builder users(UserResolver users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /**
     * Without a resolver, lets everyone in as the one user {@code anonymous}: for a developer's own
     * machine only. Without this call (or a resolver), {@link #build()} refuses.
     */
    public Builder allowAnonymousDevelopment() {
      this.anonymous = true;
      return this;
    }

    /** Each user's access level; default FULL for everyone the resolver names. */
    public Builder access(Function<WebUser, AccessLevel> access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    /** The task types users may submit over the web; default every registered type. */
    public Builder submittableTypes(String... types) {
      Set<String> registered = Set.copyOf(
          manager.types().stream().map(io.btmanager.core.TaskType::name).toList());
      for (String t : types) {
        if (!registered.contains(t)) {
          throw new InvalidInputException(
              "submittableTypes", "'" + t + "' is not registered", "one of " + registered);
        }
      }
      this.submittable = Set.of(types);
      return this;
    }

    /**
     * Origins besides the server's own that may send unsafe requests and open the WebSocket, e.g.
     * {@code https://app.example.com} when the dashboard is served from another host.
     */
    public Builder allowedOrigins(String... origins) {
      this.origins = Set.of(origins);
      return this;
    }

    /** Requests per user per minute, with bursts of up to {@code burst}; default 600 and 120. */
    public Builder rateLimit(int perMinute, int burst) {
      this.perMinute = range("rateLimit.perMinute", perMinute, 1, 1_000_000);
      this.burst = range("rateLimit.burst", burst, 1, 1_000_000);
      return this;
    }

    /** The largest request body, in bytes; default 256 KiB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBody = range("maxBodyBytes", bytes, 1_024, 64 * 1024 * 1024);
      return this;
    }

    /** The most ids one bulk call takes (and tasks a bulk get returns); default 1,000. */
    public Builder maxIdsPerBulk(int n) {
      this.maxIds = range("maxIdsPerBulk", n, 1, 10_000);
      return this;
    }

    /** The most parts one batch request holds; default 20. */
    public Builder maxBatchParts(int n) {
      this.maxParts = range("maxBatchParts", n, 1, 1_000);
      return this;
    }

    /** The largest page a listing returns; default 500. */
    public Builder maxPageSize(int n) {
      this.maxPage = range("maxPageSize", n, 1, 10_000);
      return this;
    }

    /** The most push streams (WebSocket and SSE together) one user holds open; default 16. */
    public Builder maxStreamsPerUser(int n) {
      this.maxStreams = range("maxStreamsPerUser", n, 1, 10_000);
      return this;
    }

    /**
     * Events kept per user for clients that reconnect (default 1,000), and the messages one
     * stream may have waiting before it is told to reset (default 1,000).
     */
    public Builder pushBuffers(int perUser, int perStream) {
      this.pushBuffer = range("pushBuffers.perUser", perUser, 1, 1_000_000);
      this.streamQueue = range("pushBuffers.perStream", perStream, 2, 1_000_000);
      return this;
    }

    /** How often idle streams get a ping; default 20 s. */
    public Builder pingInterval(Duration d) {
      this.ping = positive("pingInterval", d);
      return this;
    }

    /** The least time between two progress messages of one task; default 250 ms. */
    public Builder progressInterval(Duration d) {
      if (d == null || d.isNegative()) {
        throw new InvalidInputException("progressInterval", "is " + d, "zero or more");
      }
      this.progress = d;
      return this;
    }

    /** How long a user's missed events stay resumable after their last stream closed; 2 min. */
    public Builder resumeWindow(Duration d) {
      this.resume = positive("resumeWindow", d);
      return this;
    }

    /** The clock of the rate limits; tests pass a controllable one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the face.
     *
     * @throws IllegalStateException when no user resolver is configured and anonymous development
     *     use was not allowed
     */
    public BtWeb build() {
      UserResolver resolver = users;
      if (resolver == null) {
        if (!anonymous) {
          throw new IllegalStateException(
              "bt-web: no UserResolver configured. Set users(UserResolver.containerPrincipal(role))"
                  + " or another resolver; allowAnonymousDevelopment() only on a developer's"
                  + " machine");
        }
        LOG.warn("bt-web: anonymous development use: everyone is the user 'anonymous'");
        resolver = UserResolver.fixed("anonymous", false);
      }
      return new BtWeb(new WebSettings(
          manager,
          resolver,
          access,
          submittable,
          origins,
          perMinute,
          burst,
          maxBody,
          maxIds,
          maxParts,
          maxPage,
          maxStreams,
          pushBuffer,
          streamQueue,
          ping,
          progress,
          resume,
          clock));
    }

    private static int range(String field, int v, int min, int max) {
      if (v < min || v > max) {
        throw new InvalidInputException(field, "is " + v, min + " to " + max);
      }
      return v;
    }

    private static Duration positive(String field, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new InvalidInputException(field, "is " + d, "a positive duration");
      }
      return d;
    }
  }
}
