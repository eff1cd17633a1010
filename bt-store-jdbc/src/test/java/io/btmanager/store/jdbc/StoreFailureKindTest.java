package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.exception.StoreUnavailableException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A value the database refuses is not an outage: only a transient failure is the retryable
 * StoreUnavailableException; a refused value is StoreRejectedException, and the store keeps
 * working. Values are written through the SPI here, past the core's limits, as a store bug would.
 */
class StoreFailureKindTest {

  @Test
  void aValueTooLongForItsColumnIsRejectedNotUnavailableOnH2() {
    try (JdbcTaskStore store = JdbcTaskStore.h2InMemory("kind-" + UUID.randomUUID())) {
      refusedThenStillWorking(store, "x".repeat(201)); // owner is VARCHAR(200)
    }
  }

  @Test
  void aNulInTextIsRejectedNotUnavailableOnPostgres() {
    try (JdbcTaskStore store = PostgresServer.get().newStore()) {
      refusedThenStillWorking(store, "ali\0ce");
    }
  }

  @Test
  void aClosedPoolIsAnOutage() {
    JdbcTaskStore store = JdbcTaskStore.h2InMemory("kind-" + UUID.randomUUID());
    store.close();

    Throwable e = catchThrowable(() -> store.find(UUID.randomUUID().toString()));

    assertThat(e).isExactlyInstanceOf(StoreUnavailableException.class);
  }

  private static void refusedThenStillWorking(JdbcTaskStore store, String badOwner) {
    Throwable e = catchThrowable(() -> store.submit(NewTasks.report("k-bad", badOwner)));

    assertThat(e).isExactlyInstanceOf(StoreRejectedException.class);
    assertThat(e.getMessage()).startsWith("the task store could not store the task");
    assertThat(store.query(null, io.btmanager.core.query.TaskQuery.all()).total())
        .isZero();
    assertThat(store.submit(NewTasks.report("k-good", "alice")).joined()).isFalse();
  }
}
