package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rule 5: finished runs of the same arguments form a group a listing can collapse. */
abstract class ManagerDuplicateGroupsContract extends ManagerContractArea {

  @Test
  void aCollapsedListingShowsTheLatestRunWithItsGroupSize() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = alice.submit(ok, Args.of("report")).id();
      awaitState(alice, id, TaskState.SUCCEEDED);
      runs.add(id);
    }
    assertThat(Set.copyOf(runs)).hasSize(3);
    String single = alice.submit(ok, Args.of("single")).id();
    awaitState(alice, single, TaskState.SUCCEEDED);

    Page<Task> collapsed = alice.list(TaskQuery.mine().collapseDuplicates());
    assertThat(collapsed.items()).hasSize(2);
    Task group = collapsed.items().stream()
        .filter(t -> !t.id().equals(single))
        .findFirst()
        .orElseThrow();
    assertThat(group.id()).isEqualTo(runs.get(2));
    assertThat(group.groupSize()).isEqualTo(3);
    Task alone = collapsed.items().stream()
        .filter(t -> t.id().equals(single))
        .findFirst()
        .orElseThrow();
    assertThat(alone.groupSize()).isEqualTo(1);

    Page<Task> full = alice.list(TaskQuery.mine());
    assertThat(ids(full)).containsExactlyInAnyOrder(runs.get(0), runs.get(1), runs.get(2), single);
    assertThat(full.items()).allSatisfy(t -> assertThat(t.groupSize()).isEqualTo(1));
    assertThat(alice.get(runs.get(0)).state()).isEqualTo(TaskState.SUCCEEDED);
  }
}
