package io.btmanager.testkit.contract;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * Bad input at every public entry point, on every store (DESIGN.md, Bad input): null, empty,
 * blank, over-long, out-of-range and unbindable values each get the library's specific exception,
 * naming the field and saying what is accepted, and leave the store as it was (the tasks with
 * their owners, the configurations and the schedule entries of every user). The limits are the
 * core's, so the in-memory store refuses exactly what the SQL stores cannot hold.
 *
 * <pre>{@code
 * class H2BadInputTest extends BadInputContract {
 *   protected TaskStore createStore() { return JdbcTaskStore.h2InMemory("bad-" + UUID.randomUUID()); }
 *   protected TaskExecutor createExecutor() { return LocalExecutor.threads(2); }
 * }
 * }</pre>
 *
 * <p>Its areas, one file each, by entry point: {@link BadInputUsersContract}, {@link
 * BadInputSubmitsContract}, {@link BadInputConfigurationsContract}, {@link
 * BadInputSchedulesContract}, {@link BadInputTaskCallsContract}, {@link BadInputQueriesContract},
 * {@link BadInputBuildersContract}.
 */
public abstract class BadInputContract {

  /** A fresh, empty store. */
  protected abstract TaskStore createStore();

  /** A fresh executor, not started. */
  protected abstract TaskExecutor createExecutor();

  /** Arguments with the JDK types a host puts in a record. */
  public record Dated(String label, Optional<String> note, Instant due, Duration within) {}

  /** Arguments holding any object: what a host must not pass. */
  public record Anything(String label, Object payload) {}

  /** Arguments Jackson writes but cannot read back (no creator it can call). */
  public static final class WriteOnly {
    private final String label;

    public WriteOnly(String label, int ignored) {
      this.label = label;
    }

    public String getLabel() {
      return label;
    }
  }

  @Nested
  class Users extends BadInputUsersContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class Submits extends BadInputSubmitsContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class Configurations extends BadInputConfigurationsContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class Schedules extends BadInputSchedulesContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class TaskCalls extends BadInputTaskCallsContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class Queries extends BadInputQueriesContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }

  @Nested
  class Builders extends BadInputBuildersContract {
    @Override
    BadInputContract suite() {
      return BadInputContract.this;
    }
  }
}
