package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskState;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a store that survives a restart keeps: everything, exactly as it was written. */
abstract class StoreDurabilityOnReopenContract extends StoreContractArea {

  @BeforeEach
  void onlyForStoresThatSurviveARestart() {
    assumeTrue(store.capabilities().survivesRestart(), "the store does not survive a restart");
  }

  @Test
  void tasksExecutionsConfigurationsAndEntriesAreThereAfterAReopen() {
    Configuration c = configuration("alice");
    store.insertConfiguration(c);
    ScheduleEntry e = scheduleEntry("alice", c.id(), store.now().plusSeconds(60), true);
    store.insertScheduleEntry(e);
    StoredTask waiting =
        submit(task().configuration(c.id()).scheduledAt(store.now().plus(1, ChronoUnit.HOURS)));
    StoredTask done =
        runToEnd(task().build(), TaskState.SUCCEEDED, store.now().truncatedTo(ChronoUnit.MILLIS));
    NewTask r = task().build();
    submit(r);
    StoredTask running = claimExactly(r.id(), "node-a", LONG_LEASE);
    List<Execution> executions = store.executions(done.id());

    store.close();
    TaskStore again = reopen(store);
    reopened.add(again);

    assertThat(again.find(waiting.id()).orElseThrow()).isEqualTo(waiting);
    assertThat(again.find(done.id()).orElseThrow()).isEqualTo(done);
    assertThat(again.find(running.id()).orElseThrow()).isEqualTo(running);
    assertThat(again.executions(done.id())).isEqualTo(executions);
    assertThat(again.findConfiguration(c.id())).contains(c);
    assertThat(again.findScheduleEntry(e.id())).contains(e);
    assertThat(again.extendLeases(Map.of(running.id(), running.leaseToken()), LONG_LEASE))
        .containsExactly(Map.entry(running.id(), LeaseStatus.KEPT));
  }
}
