package io.btmanager.core.internal;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Purges finished tasks older than the configured retention (none when it is not set). */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** The most tasks one purge transaction removes. */
  static final int BATCH = 500;

  private final Engine engine;

  Retention(Engine engine) {
    this.engine = engine;
  }

  void purge() {
    Duration keep = engine.config().retention();
    if (keep == null) {
      return;
    }
    Instant cutoff = engine.config().clock().instant().minus(keep);
    int n = 0;
    int purged;
    do {
      purged = engine.store().purgeFinishedBefore(cutoff, BATCH);
      n += purged;
    } while (purged >= BATCH);
    if (n > 0) {
      LOG.info("purged {} task(s) that finished more than {} ago", n, keep);
    }
  }
}
