package io.btmanager.examples;

import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskContext;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.examples.ImageTasks.Fetch;
import io.btmanager.examples.ImageTasks.ImageTooLargeException;
import io.btmanager.examples.ImageTasks.Render;
import io.btmanager.examples.ImageTasks.Resize;
import io.btmanager.examples.ImageTasks.Sync;
import io.btmanager.examples.ImageTasks.Upload;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The live demo's task types: the same photo-site work as {@link ImageTasks}, paced to take
 * seconds to minutes so a person watching the dashboard sees progress bars move, queues drain,
 * a retry wait and a failure explained. The pause between steps is simulated work.
 */
final class DemoTasks {
  private final Duration step;

  final TaskDefinition<Resize, String> resize;
  final TaskDefinition<Render, String> render;
  final TaskDefinition<Fetch, String> fetch;
  final TaskDefinition<Upload, String> upload;
  final TaskDefinition<Sync, Void> sync;

  /** Types whose every step takes {@code step}. */
  DemoTasks(Duration step) {
    this.step = step;
    resize = TaskDefinition.of("resize-image", Resize.class, String.class)
        .handler((ctx, r) -> {
          List<String> stages =
              List.of("downloading", "decoding", "scaling", "sharpening", "encoding");
          steps(ctx, 20, i -> stages.get(i / 4) + " " + r.image());
          return r.image().replace(".png", "-" + r.width() + ".png");
        })
        .build();
    render = TaskDefinition.of("render-video", Render.class, String.class)
        .handler((ctx, r) -> {
          steps(ctx, 300, i -> "rendering " + r.video() + ": frame block " + (i + 1) + " of 300");
          return r.video().replace(".mp4", "-" + r.quality() + ".mp4");
        })
        .build();
    fetch = TaskDefinition.of("fetch-image", Fetch.class, String.class)
        .handler((ctx, f) -> {
          steps(ctx, 4, i -> "downloading " + f.url());
          if (f.url().endsWith(".tiff")) {
            throw new ImageTooLargeException(f.url(), 212);
          }
          return f.url().substring(f.url().lastIndexOf('/') + 1);
        })
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
        .advisor(ImageTasks::advise)
        .build();
    upload = TaskDefinition.of("upload-image", Upload.class, String.class)
        .handler((ctx, u) -> {
          steps(ctx, 6, i -> "uploading " + u.image() + " to " + u.album());
          if (ctx.attempt() == 1) {
            throw new IOException("connection reset by photos.example.com");
          }
          return "https://photos.example.com/" + u.album().replace(' ', '-') + "/" + u.image();
        })
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(8)).withJitter(0))
        .build();
    sync = TaskDefinition.of("sync-gallery", Sync.class)
        .handler((ctx, s) -> {
          steps(ctx, 8, i -> "comparing album " + s.album() + " (" + (i + 1) + "/8)");
          return null;
        })
        .build();
  }

  private interface StepMessage {
    String of(int step);
  }

  private void steps(TaskContext ctx, int n, StepMessage message) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      ctx.progress(i, n, message.of(i));
      Thread.sleep(step.toMillis()); // the simulated work; a stop interrupts it
    }
    ctx.progress(n, n, "done");
  }
}
