package io.btmanager.examples;

import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.examples.ImageTasks.Fetch;
import io.btmanager.examples.ImageTasks.Render;
import io.btmanager.examples.ImageTasks.Resize;
import io.btmanager.examples.ImageTasks.Sync;
import io.btmanager.examples.ImageTasks.Upload;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What alice and bob do while the live demo runs, so the dashboard has something to show: a
 * shared render, a queue of thumbnails, an import that fails with advice, an upload that is
 * retried, a schedule entry firing, and every few seconds a new request or a rerun of a finished
 * one (which grows a group of repeated runs).
 */
final class DemoScenario implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoScenario.class);
  private static final List<String> IMAGES =
      List.of("beach.png", "harbour.png", "market.png", "sunset.png", "old-town.png", "ferry.png");
  private static final int MAX_WAITING = 4;

  private final DemoTasks types;
  private final UserTasks alice;
  private final UserTasks bob;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-scenario");
    t.setDaemon(true);
    return t;
  });
  private int turn;

  DemoScenario(TaskManager manager, DemoTasks types) {
    this.types = types;
    this.alice = manager.forUser("alice");
    this.bob = manager.forUser("bob");
  }

  /** Clears what an earlier run left active, seeds the first tasks, then acts every few seconds. */
  void start() {
    tidyUp();
    seed();
    timer.scheduleWithFixedDelay(this::safeTurn, 3, 4, TimeUnit.SECONDS);
  }

  private void tidyUp() {
    for (UserTasks user : List.of(alice, bob)) {
      user.schedules().deleteAll();
      user.delete(TaskQuery.mine().active()).count(TaskOutcome.DELETED);
      user.configurations().deleteUnused();
    }
  }

  private void seed() {
    Render holiday = new Render("holiday.mp4", "1080p");
    alice.submit(
        types.render,
        holiday,
        o -> o.name("Render holiday video")
            .description("The summer trip, all clips, 1080p for the family album")
            .link(URI.create("https://photos.example.com/albums/holiday-2024")));
    bob.submit(types.render, holiday, o -> o.name("Bob's holiday render")); // joins alice's task
    alice.submit(
        types.fetch,
        new Fetch("https://cdn.example.com/panorama.tiff"),
        o -> o.name("Import panorama"));
    bob.submit(types.upload, new Upload("c-640.png", "Holiday 2024"), o -> o.name("Upload c.png"));
    alice.submit(
        types.resize,
        new Resize(
            "an-image-with-a-remarkably-long-file-name-from-the-camera-IMG_20240817_183512.png",
            1920),
        o -> o.name("Resize an image with a remarkably long file name straight from the camera,"
                + " IMG_20240817_183512, for the printed photo book")
            .priority(Priority.HIGH));
    for (String image : IMAGES.subList(0, 3)) {
      thumbnail(alice, image);
    }
    thumbnail(bob, IMAGES.get(3));
    alice.configurations().save(types.render, "Holiday render 1080p", holiday);
    alice
        .schedules()
        .create(
            types.sync,
            new Sync("Holiday 2024"),
            Schedule.everySeconds(45),
            o -> o.name("Sync holiday album"));
  }

  private void safeTurn() {
    try {
      turn();
    } catch (RuntimeException e) { // keep the demo going; a store hiccup is logged, not fatal
      LOG.warn("demo step failed: {}", e.toString());
    }
  }

  private void turn() {
    turn++;
    UserTasks user = turn % 3 == 0 ? bob : alice;
    if (user.list(TaskQuery.mine().state(TaskState.PENDING)).total() >= MAX_WAITING) {
      return; // the workers are behind: let the queue drain
    }
    if (turn % 4 == 0) {
      rerunAFinishedThumbnail(user);
    } else if (turn % 5 == 2) { // alice and bob in turn import a scan too large to take
      (turn % 2 == 0 ? alice : bob)
          .submit(
              types.fetch,
              new Fetch("https://cdn.example.com/scan-" + turn + ".tiff"),
              o -> o.name("Import scan " + turn));
    } else {
      thumbnail(user, IMAGES.get(ThreadLocalRandom.current().nextInt(IMAGES.size())));
    }
  }

  private void rerunAFinishedThumbnail(UserTasks user) {
    List<Task> done = user.list(TaskQuery.mine()
            .type(types.resize.name())
            .state(TaskState.SUCCEEDED)
            .collapseDuplicates())
        .items();
    if (!done.isEmpty()) {
      user.recreate(done.get(ThreadLocalRandom.current().nextInt(done.size())).id());
    }
  }

  private void thumbnail(UserTasks user, String image) {
    user.submit(types.resize, new Resize(image, 640), o -> o.name("Thumbnail " + image));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
