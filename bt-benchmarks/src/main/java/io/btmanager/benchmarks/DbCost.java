package io.btmanager.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;

/**
 * What each task cost PostgreSQL over an iteration (from {@link PostgresHarness}), as JMH secondary
 * results: {@code commitsPerTask} ({@code pg_stat_database.xact_commit}, read-only transactions
 * included), {@code writeXactsPerTask} (transactions that wrote, so had to be flushed),
 * {@code walBytesPerTask}, the rows inserted, updated and deleted per task, and the CPU time per
 * task of this JVM ({@code jvmCpuMicrosPerTask}) and of the server ({@code pgCpuMicrosPerTask};
 * 0 where it cannot be read).
 *
 * <p>JMH adds up {@code EVENTS} counters over the iterations, so each iteration reports its share
 * (figure ÷ iterations) and the score is the mean over the measurement iterations; the raw data in
 * the JSON are those shares.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class DbCost {
  public double commitsPerTask;
  public double writeXactsPerTask;
  public double walBytesPerTask;
  public double rowsInsertedPerTask;
  public double rowsUpdatedPerTask;
  public double rowsDeletedPerTask;
  public double jvmCpuMicrosPerTask;
  public double pgCpuMicrosPerTask;

  private int iterations = 1;

  @Setup(Level.Iteration)
  public void start(IterationParams params) {
    iterations = Math.max(1, params.getCount());
  }

  @TearDown(Level.Iteration)
  public void record(PostgresHarness pg) {
    PostgresHarness.Cost c = pg.iteration;
    commitsPerTask = c.per(c.commits) / iterations;
    writeXactsPerTask = c.per(c.writeXacts) / iterations;
    walBytesPerTask = c.per(c.walBytes) / iterations;
    rowsInsertedPerTask = c.per(c.inserted) / iterations;
    rowsUpdatedPerTask = c.per(c.updated) / iterations;
    rowsDeletedPerTask = c.per(c.deleted) / iterations;
    jvmCpuMicrosPerTask = c.per(c.jvmCpuNanos) / 1_000 / iterations;
    pgCpuMicrosPerTask = c.serverCpuNanos < 0 ? 0 : c.per(c.serverCpuNanos) / 1_000 / iterations;
  }
}
