package io.btmanager.examples;

import static io.btmanager.examples.Report.shortId;

import io.btmanager.core.AdminTasks;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TasksView;
import io.btmanager.core.UserConfigurations;
import io.btmanager.core.UserTasks;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.examples.ImageTasks.Fetch;
import io.btmanager.examples.ImageTasks.Render;
import io.btmanager.examples.ImageTasks.Resize;
import io.btmanager.examples.ImageTasks.Sync;
import io.btmanager.examples.ImageTasks.Upload;
import io.btmanager.executor.local.LocalExecutor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The main job of the README: a host application that embeds a {@link TaskManager} (an H2 file
 * store by default, or PostgreSQL). By default it serves the dashboard with a live demo ({@link
 * LiveHost}); with {@code --once} it runs this class's story instead: two users, alice and bob,
 * share, queue, watch, retry, stop, delete, schedule and configure their background work on a local
 * pool of two workers, in a few seconds, printing what happens; the story is sequenced by task
 * events, not by sleeping. The tasks outlive the process: a second run starts by listing what the
 * earlier runs left.
 */
public final class ExampleHost {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final DateTimeFormatter FINISHED_AT = DateTimeFormatter.ofPattern(
          "yyyy-MM-dd HH:mm:ss", Locale.ROOT)
      .withZone(ZoneId.systemDefault());

  private final ImageTasks types;
  private final Report report;
  private final Inbox inbox = new Inbox();
  private final UserTasks alice;
  private final UserTasks bob;
  private final AdminTasks admin;
  private final Storage storage;

  private ExampleHost(TaskManager manager, ImageTasks types, Report report, Storage storage) {
    this.types = types;
    this.report = report;
    this.storage = storage;
    this.alice = manager.forUser("alice");
    this.bob = manager.forUser("bob");
    this.admin = manager.admin();
  }

  /**
   * Starts the host with its dashboard and the demo running live, until stopped (Ctrl+C); with
   * {@code --once}, runs the story once, prints it and exits. The store is the H2 file {@code
   * data/tasks} under the working directory, or what the arguments name: {@code --h2 <file>} or
   * {@code --postgres <jdbc-url> <user> [<password>]} (the password defaults to {@code
   * $PGPASSWORD}); {@code --port <n>} picks the dashboard's port (default 8080, 0 for any free);
   * with {@code --quartz} the tasks run on a Quartz scheduler's threads instead of local ones.
   */
  public static void main(String[] args) throws Exception {
    start(System.out, args);
  }

  /** What {@link #main} does, printing to {@code out}. */
  static void start(PrintStream out, String... args) throws Exception {
    Options options = Options.parse(args);
    if (options.once()) {
      run(out, options.storage(), options.executor(2));
    } else {
      LiveHost.run(out, options.storage(), options.port(), options.executor(3));
    }
  }

  /** Runs the whole story on an H2 database in {@code h2File}, printing it to {@code out}. */
  public static void run(PrintStream out, Path h2File) throws InterruptedException {
    run(out, Storage.h2(h2File));
  }

  /** Runs the whole story on a new manager over {@code storage}, printing it to {@code out}. */
  static void run(PrintStream out, Storage storage) throws InterruptedException {
    run(out, storage, () -> LocalExecutor.threads(2));
  }

  /** Runs the whole story over {@code storage}, its tasks on the {@code executor}'s threads. */
  static void run(PrintStream out, Storage storage, Supplier<TaskExecutor> executor)
      throws InterruptedException {
    ImageTasks types = new ImageTasks();
    try (TaskManager manager = TaskManager.builder()
        .store(storage.open())
        .executor(executor.get())
        .register(types.resize, types.render, types.fetch, types.upload, types.sync)
        .nodeId("example-host")
        .pollInterval(Duration.ofMillis(100))
        .scheduleCheckInterval(Duration.ofMillis(100))
        .heartbeatInterval(Duration.ofMillis(500))
        .leaseDuration(Duration.ofSeconds(5))
        .build()) {
      new ExampleHost(manager, types, new Report(out), storage).story();
    }
  }

  private void story() throws InterruptedException {
    Subscription events = admin.subscribe(inbox);
    try {
      report.title(
          "bt-manager example host: alice and bob share 2 workers (" + storage.kind() + " store)");
      earlierRuns();
      String holiday = dedup();
      Instant thisRun = admin.get(holiday).createdAt();
      List<String> thumbnails = queue(holiday);
      progress(thumbnails);
      failure();
      retry();
      sharedStopAndDelete(holiday);
      schedule();
      configuration();
      summary(thisRun);
    } finally {
      events.close();
    }
  }

  private void earlierRuns() {
    report.prelude("From earlier runs (stored in " + storage.location() + ")");
    tidyUp();
    boolean any = false;
    for (UserTasks user : List.of(alice, bob)) {
      TaskQuery history =
          TaskQuery.mine().finished().collapseDuplicates().sortBy(TaskSort.CREATED_AT, false);
      List<Task> tasks = user.list(history).items();
      if (tasks.isEmpty()) {
        continue;
      }
      any = true;
      report.line(
          "%s's finished tasks, each group of duplicates collapsed to its latest run:",
          user.user());
      List<List<String>> rows = new ArrayList<>();
      for (Task t : tasks) {
        rows.add(List.of(
            t.name(),
            t.state().name(),
            "x" + t.groupSize(),
            FINISHED_AT.format(t.finishedAt()),
            history(user.executions(t.id()))));
      }
      report.table(List.of("task", "state", "runs", "latest finished", "its attempts"), rows);
    }
    if (any) {
      report.line(
          "(runs = how often the same work finished; only the latest run of each is listed)");
    } else {
      report.line("nothing yet: this is the first run on this store. Run it again to see this");
      report.line("run's tasks listed here, grouped, with their attempts.");
    }
  }

  /**
   * Removes what an interrupted earlier run left active (schedule entries, waiting or running
   * tasks, configurations), so that the story starts from finished history only: an active
   * leftover would be joined instead of created, or hold a worker. Only alice's and bob's things
   * are touched (through their own views, not the admin's), so other users' tasks in a shared
   * database are left alone.
   */
  private void tidyUp() {
    int entries = alice.schedules().deleteAll() + bob.schedules().deleteAll();
    long tasks = 0;
    for (UserTasks user : List.of(alice, bob)) { // a task both own: alice detaches, bob purges
      tasks += user.delete(TaskQuery.mine().active()).count(TaskOutcome.DELETED);
    }
    int configs = alice.configurations().deleteUnused().size()
        + bob.configurations().deleteUnused().size();
    if (entries + tasks + configs > 0) {
      report.line(
          "an earlier run was interrupted: alice and bob removed its leftovers (%d active task(s),"
              + " %d schedule entr%s, %d configuration(s))",
          tasks, entries, entries == 1 ? "y" : "ies", configs);
    }
  }

  private static String history(List<Execution> executions) {
    return executions.stream()
        .map(x -> "#" + x.attempt() + " " + x.outcome() + " "
            + Report.millis(x.startedAt(), x.finishedAt()))
        .collect(Collectors.joining(", "));
  }

  private String dedup() {
    report.section("Deduplication: bob asks for what alice already asked for");
    Render args = new Render("holiday.mp4", "1080p");
    Submitted<String> a = alice.submit(types.render, args, o -> o.name("Render holiday video"));
    Submitted<String> b = bob.submit(types.render, args, o -> o.name("Bob's holiday render"));
    String json = a.task().argumentsJson();
    report.line("alice submits render-video %s -> task %s, %s", json, shortId(a.id()), how(a));
    report.line("bob   submits render-video %s -> task %s, %s", json, shortId(b.id()), how(b));
    Task t = admin.get(a.id());
    report.line("one task \"%s\" with %d owners: %s", t.name(), t.owners().size(), owners(t));
    return a.id();
  }

  private List<String> queue(String holiday) throws InterruptedException {
    report.section("Queue positions: both workers are busy, and HIGH jumps ahead");
    Submitted<String> trailer =
        alice.submit(types.render, new Render("trailer.mp4", "4k"), o -> o.name("Render trailer"));
    inbox.await(0, TaskEventKind.STARTED, holiday);
    inbox.await(0, TaskEventKind.STARTED, trailer.id());
    report.line("running: \"Render holiday video\" and \"Render trailer\"; three thumbnails wait:");
    List<String> ids = List.of(
        thumbnail(alice, "a.png", Priority.LOW),
        thumbnail(bob, "b.png", Priority.MEDIUM),
        thumbnail(alice, "c.png", Priority.HIGH));
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Task t = admin.get(ids.get(i));
      rows.add(List.of(
          String.valueOf(i + 1),
          t.name(),
          owners(t),
          t.priority().name(),
          t.state().name(),
          String.valueOf(t.queuePosition())));
    }
    report.table(
        List.of("submitted", "task", "owner", "priority", "state", "queue position"), rows);
    report.line("(queue position = tasks claimed before it; c.png came last but runs first)");
    return ids;
  }

  private String thumbnail(UserTasks user, String image, Priority priority) {
    return user.submit(
            types.resize,
            new Resize(image, 640),
            o -> o.name("Thumbnail " + image).priority(priority))
        .id();
  }

  private void progress(List<String> thumbnails) throws InterruptedException {
    report.section("Progress and ETA: a worker frees up and takes the HIGH task first");
    String high = thumbnails.get(2);
    int mark = inbox.mark();
    types.open("trailer.mp4");
    report.line("\"Render trailer\" finishes; watching \"Thumbnail c.png\" through its events:");
    int end = 0;
    for (String id : thumbnails) {
      end = Math.max(end, inbox.await(mark, TaskEventKind.SUCCEEDED, id));
    }
    for (TaskEvent e : inbox.between(mark, end)) {
      if (e.kind() == TaskEventKind.PROGRESS && e.taskId().equals(high)) {
        Task t = e.task();
        report.line(
            "  %3d%%  %-22s ETA %s",
            t.progress().percent(), t.progress().message(), Report.in(e.at(), t.eta()));
      }
    }
    String order = thumbnails.stream()
        .map(admin::get)
        .sorted(Comparator.comparing(Task::startedAt))
        .map(t -> t.name().substring("Thumbnail ".length()) + " (" + t.priority() + ")")
        .collect(Collectors.joining(", then "));
    report.line("start order: %s", order);
  }

  private void failure() throws InterruptedException {
    report.section("A failure, explained: fetch-image has an error advisor of its own");
    Submitted<String> s = alice.submit(
        types.fetch,
        new Fetch("https://cdn.example.com/panorama.tiff"),
        o -> o.name("Import panorama"));
    Task t = finished(alice, s.id());
    TaskError e = t.failure().orElseThrow();
    report.line(
        "state       %s after attempt %d of %d allowed", t.state(), t.attempt(), t.maxAttempts());
    report.line("summary     %s", e.summary());
    report.line("what to do  %s", e.action());
    report.line("retryable   %s (so no second attempt was made)", e.retryable() ? "yes" : "no");
    report.line(
        "kind        %s; the stack trace is kept apart for developers (%d chars)",
        e.kind(), e.detail().length());
  }

  private void retry() throws InterruptedException {
    report.section("A retry: upload-image loses its connection once, then succeeds");
    int mark = inbox.mark();
    Submitted<String> s = bob.submit(
        types.upload, new Upload("c-640.png", "Holiday 2024"), o -> o.name("Upload c.png"));
    int end = inbox.await(mark, TaskEventKind.SUCCEEDED, s.id());
    for (TaskEvent e : inbox.between(mark, end)) {
      Task t = e.task();
      if (!e.taskId().equals(s.id())) {
        continue;
      }
      switch (e.kind()) {
        case STARTED -> report.line("attempt %d of %d started", t.attempt(), t.maxAttempts());
        case RETRY_SCHEDULED ->
          report.line(
              "attempt %d failed: %s -> retry %s",
              t.attempt(), t.error().summary(), Report.in(e.at(), t.nextAttemptAt()));
        case SUCCEEDED -> report.line("attempt %d succeeded: %s", t.attempt(), t.resultJson());
        default -> {}
      }
    }
    report.line("executions (every attempt is kept):");
    List<List<String>> rows = new ArrayList<>();
    for (Execution x : bob.executions(s.id())) {
      rows.add(List.of(
          String.valueOf(x.attempt()),
          x.outcome().name(),
          Report.millis(x.startedAt(), x.finishedAt()),
          x.node(),
          x.error() == null ? "-" : x.error().detail().lines().findFirst().orElse("")));
    }
    report.table(List.of("attempt", "outcome", "took", "node", "error"), rows);
  }

  private void sharedStopAndDelete(String holiday) {
    report.section("Shared stop and delete: alice leaves, bob's copy runs on");
    report.line(
        "alice stops \"Render holiday video\"  -> %s", alice.stop(holiday).outcome());
    Task t = bob.get(holiday);
    report.line("bob still has it                   -> %s, owners: %s", t.state(), owners(t));
    report.line(
        "alice looks for it                 -> %s",
        alice.find(holiday).isPresent() ? "found" : "not found (no longer hers)");
    report.line("bob, its last owner, deletes it    -> %s", bob.delete(holiday).outcome());
    report.line(
        "the admin looks for it             -> %s",
        admin.find(holiday).isPresent() ? "found" : "not found (cancelled and purged)");
  }

  private void schedule() throws InterruptedException {
    report.section("A schedule entry: sync-gallery every second");
    int mark = inbox.mark();
    ScheduleEntry entry = alice
        .schedules()
        .create(
            types.sync,
            new Sync("Holiday 2024"),
            Schedule.everySeconds(1),
            o -> o.name("Sync holiday album"));
    report.line("alice schedules \"%s\" every 1 s; the first sync runs long", entry.name());
    Predicate<TaskEvent> fired = e -> entry.id().equals(e.task().scheduleEntryId())
        && (e.kind() == TaskEventKind.CREATED || e.kind() == TaskEventKind.JOINED);
    int first = inbox.await(mark, fired, "a first firing");
    int second = inbox.await(first + 1, fired, "a second firing");
    types.open("sync:Holiday 2024");
    int last = inbox.await(
        second + 1,
        e -> fired.test(e) && e.kind() == TaskEventKind.CREATED,
        "a firing after the long sync");
    alice.schedules().delete(entry.id());
    int n = 0;
    String lastTask = null;
    for (TaskEvent e : inbox.between(first, last)) {
      if (fired.test(e)) {
        boolean joined = e.kind() == TaskEventKind.JOINED;
        report.line(
            "firing %d at +%.1f s -> %s task %s%s",
            ++n,
            Duration.between(entry.createdAt(), e.at()).toMillis() / 1000.0,
            joined ? "joined" : "created",
            shortId(e.taskId()),
            joined ? " (still running: no second copy)" : "");
        lastTask = e.taskId();
      }
    }
    report.line(
        "entry deleted; its last task ended %s", finished(alice, lastTask).state());
  }

  private void configuration() throws InterruptedException {
    report.section("A configuration reused: saved once, submitted with an override");
    UserConfigurations configs = alice.configurations();
    Configuration hd =
        configs.save(types.render, "Holiday render 1080p", new Render("holiday.mp4", "1080p"));
    Configuration old =
        configs.save(types.render, "Old 480p preset", new Render("old.mp4", "480p"));
    Map<String, String> names = Map.of(hd.id(), hd.name(), old.id(), old.name());
    report.line("alice saves \"%s\" %s and \"%s\"", hd.name(), hd.argumentsJson(), old.name());
    var s = alice.submitFromConfiguration(
        types.render, hd.id(), Map.of("video", "party.mp4"), o -> o.name("Render party video"));
    report.line(
        "submits \"%s\" with video=party.mp4 -> task %s, arguments %s",
        hd.name(), shortId(s.id()), s.task().argumentsJson());
    try {
      configs.delete(hd.id());
      report.line("deleting \"%s\" while its task runs: deleted (unexpected!)", hd.name());
    } catch (ConfigurationInUseException e) {
      report.line("deleting \"%s\" while its task runs is refused:", hd.name());
      report.line("  %s: %s", e.getClass().getSimpleName(), e.getMessage());
    }
    report.line("deleteUnused() removes %s", names(configs.deleteUnused(), names));
    types.open("party.mp4");
    finished(alice, s.id());
    report.line(
        "once the task finished, deleteUnused() removes %s", names(configs.deleteUnused(), names));
  }

  private void summary(Instant thisRun) {
    report.section("Every task of this run, as the admin sees it");
    List<List<String>> rows = new ArrayList<>();
    TaskQuery query =
        TaskQuery.all().createdBetween(thisRun, null).sortBy(TaskSort.CREATED_AT, false);
    for (Task t : admin.list(query).items()) {
      rows.add(List.of(
          shortId(t.id()),
          t.type(),
          t.name(),
          t.state().name(),
          owners(t),
          t.attempt() + "/" + t.maxAttempts()));
    }
    report.table(List.of("id", "type", "name", "state", "owners", "attempts"), rows);
    report.line("(\"Render holiday video\" is not listed: its last owner deleted it)");
  }

  /** Waits, woken by events, until the task finished; fails loudly if it did not in time. */
  private static Task finished(TasksView view, String id) throws InterruptedException {
    Task t = view.awaitFinished(id, WAIT);
    if (t.isActive()) {
      throw new IllegalStateException("task " + id + " still " + t.state() + " after " + WAIT);
    }
    return t;
  }

  private static String how(Submitted<?> s) {
    return s.joined() ? "joined (deduplicated, nothing new created)" : "created";
  }

  private static String owners(Task t) {
    return t.owners().stream().sorted().collect(Collectors.joining(", "));
  }

  private static String names(List<String> ids, Map<String, String> names) {
    return ids.isEmpty()
        ? "nothing"
        : ids.stream().map(id -> "\"" + names.get(id) + "\"").collect(Collectors.joining(", "));
  }
}
