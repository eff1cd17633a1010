package io.btmanager.examples;

import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskContext;
import io.btmanager.core.definition.TaskDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The example host's task types: a photo site's background work. The work is simulated; tasks
 * that must stay active while the story shows something wait on a gate the story opens.
 */
final class ImageTasks {
  record Resize(String image, int width) {}

  record Render(String video, String quality) {}

  record Fetch(String url) {}

  record Upload(String image, String album) {}

  record Sync(String album) {}

  /** What fetch-image throws for an image over the import limit. */
  static final class ImageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ImageTooLargeException(String url, int megabytes) {
      super(url.substring(url.lastIndexOf('/') + 1) + " is " + megabytes
          + " MB; the import limit is 20 MB");
    }
  }

  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  /** Resizes an image in five paced steps, reporting progress after each. */
  final TaskDefinition<Resize, String> resize = TaskDefinition.of(
          "resize-image", Resize.class, String.class)
      .handler((ctx, r) -> {
        String[] steps = {"downloading", "decoding", "scaling", "sharpening", "encoding"};
        for (int i = 0; i < steps.length; i++) {
          TimeUnit.MILLISECONDS.sleep(120); // simulated work
          ctx.progress(i + 1, steps.length, steps[i] + " " + r.image());
        }
        return r.image().replace(".png", "-" + r.width() + ".png");
      })
      .build();

  /** Renders a video; runs until the story opens the video's gate. */
  final TaskDefinition<Render, String> render = TaskDefinition.of(
          "render-video", Render.class, String.class)
      .handler((ctx, r) -> {
        ctx.progress(0, 1, "rendering " + r.video());
        waitFor(ctx, r.video());
        ctx.progress(1, 1, "rendered");
        return r.video().replace(".mp4", "-" + r.quality() + ".mp4");
      })
      .build();

  /** Imports an image from a URL; always too large here, so it fails with advice of its own. */
  final TaskDefinition<Fetch, String> fetch = TaskDefinition.of(
          "fetch-image", Fetch.class, String.class)
      .handler((ctx, f) -> {
        throw new ImageTooLargeException(f.url(), 212);
      })
      .retry(RetryPolicy.exponential(3, Duration.ofMillis(200)))
      .advisor(ImageTasks::advise)
      .build();

  /** Uploads to a photo service that drops the first connection: attempt 1 fails, 2 succeeds. */
  final TaskDefinition<Upload, String> upload = TaskDefinition.of(
          "upload-image", Upload.class, String.class)
      .handler((ctx, u) -> {
        if (ctx.attempt() == 1) {
          throw new IOException("connection reset by photos.example.com");
        }
        return "https://photos.example.com/" + u.album().replace(' ', '-') + "/" + u.image();
      })
      .retry(RetryPolicy.exponential(3, Duration.ofMillis(300)).withJitter(0))
      .build();

  /** Syncs an album; runs until the story opens the album's gate. */
  final TaskDefinition<Sync, Void> sync = TaskDefinition.of("sync-gallery", Sync.class)
      .handler((ctx, s) -> {
        waitFor(ctx, "sync:" + s.album());
        return null;
      })
      .build();

  /** The advice of fetch-image: words for the person who tried to import the image. */
  static Optional<Advice> advise(Throwable error) {
    if (error instanceof ImageTooLargeException e) {
      return Optional.of(new Advice(
          "The image is too large to import: " + e.getMessage() + ".",
          "Export it at a lower resolution or as JPEG, then import it again.",
          false));
    }
    return Optional.empty();
  }

  /** Lets the tasks waiting on {@code key} finish (and any that start later). */
  void open(String key) {
    gate(key).countDown();
  }

  private void waitFor(TaskContext ctx, String key) throws InterruptedException {
    CountDownLatch gate = gate(key);
    while (!gate.await(20, TimeUnit.MILLISECONDS)) {
      ctx.checkCancelled();
    }
  }

  private CountDownLatch gate(String key) {
    return gates.computeIfAbsent(key, k -> new CountDownLatch(1));
  }
}
