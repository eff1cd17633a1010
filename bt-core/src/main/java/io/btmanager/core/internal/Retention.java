package io.btmanager.core.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Purges finished tasks older than the configured retention (none when it is not set). */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private final Engine engine;

  Retention(Engine engine) {
    this.engine = engine;
  }

  void purge() {
    Duration keep = engine.config().retention();
    if (keep == null) {
      return;
    }
    int n = engine.store().purgeFinishedBefore(engine.config().clock().instant().minus(keep));
    if (n > 0) {
      LOG.info("purged {} task(s) that finished more than {} ago", n, keep);
    }
  }
}
