package io.btmanager.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskFields;
import io.btmanager.core.task.TaskLifeFields;
import io.btmanager.core.task.TaskState;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The builders of {@link Task}, {@link StoredTask} and {@link NewTask} share their field groups
 * ({@link TaskFields}, {@link TaskLifeFields}): a copy keeps every field, and {@code from} carries
 * every field of its group, whatever value it holds.
 */
class TaskBuildersTest {

  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  /** Every field set, none to its default (so a field the copy forgets shows). */
  private static StoredTask stored() {
    return StoredTask.builder()
        .id("id-1")
        .seq(41)
        .version(7)
        .type("resize")
        .name("Resize")
        .description("all images")
        .argumentsJson("{\"w\":1}")
        .dedupKey("dk")
        .state(TaskState.RUNNING)
        .priority(Priority.HIGH)
        .owners(Set.of("alice", "bob"))
        .link(URI.create("https://example.org/a"))
        .progress(new Progress(2, 5, "two"))
        .createdAt(T0)
        .startedAt(T0.plusSeconds(1))
        .finishedAt(T0.plusSeconds(2))
        .resultJson("{\"ok\":true}")
        .error(new TaskError(ErrorKind.IO, "m", "a", true, "d"))
        .attempt(2)
        .maxAttempts(4)
        .nextAttemptAt(T0.plusSeconds(3))
        .configurationId("cfg")
        .scheduleEntryId("entry")
        .leaseOwner("node-a")
        .leaseToken("token")
        .leaseExpiresAt(T0.plusSeconds(60))
        .cancelRequested(true)
        .build();
  }

  private static NewTask newTask() {
    return NewTask.builder()
        .id("id-2")
        .type("resize")
        .name("Resize")
        .description("one image")
        .argumentsJson("{\"w\":2}")
        .dedupKey("dk2")
        .priority(Priority.LOW)
        .owner("carol")
        .link(URI.create("https://example.org/b"))
        .state(TaskState.SCHEDULED)
        .nextAttemptAt(T0.plusSeconds(30))
        .maxAttempts(3)
        .configurationId("cfg2")
        .scheduleEntryId("entry2")
        .createdAt(T0)
        .build();
  }

  @Test
  void aCopyOfEachValueEqualsIt() {
    StoredTask s = stored();
    assertThat(s.toBuilder().build()).isEqualTo(s);
    NewTask n = newTask();
    assertThat(n.toBuilder().build()).isEqualTo(n);
    Task t = Task.builder()
        .from(s)
        .queuePosition(3)
        .eta(T0.plusSeconds(9))
        .groupSize(2)
        .build();
    assertThat(t.toBuilder().build()).isEqualTo(t);
  }

  @Test
  void aTaskBuiltFromAStoredTaskHasEveryFieldTheyShare() throws Exception {
    StoredTask s = stored();
    Task t = Task.builder().from(s).build();
    assertSameFields(TaskLifeFields.class, s, t);
    assertThat(TaskLifeFields.class.getMethods()).hasSize(21);
    assertThat(t.queuePosition()).isEqualTo(-1);
    assertThat(t.groupSize()).isEqualTo(1);
    assertThat(t.eta()).isNull();
  }

  @Test
  void theRowCreatedForANewTaskHasItsFieldsAndNothingOfALife() throws Exception {
    NewTask n = newTask();
    StoredTask s = StoredTask.created(n, 12, 1);
    assertSameFields(TaskFields.class, n, s);
    assertThat(TaskFields.class.getMethods()).hasSize(14);
    assertThat(s.seq()).isEqualTo(12);
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.owners()).containsExactly("carol");
    assertThat(s.progress()).isEqualTo(Progress.NONE);
    assertThat(s.attempt()).isZero();
    assertThat(s.startedAt()).isNull();
    assertThat(s.finishedAt()).isNull();
    assertThat(s.resultJson()).isNull();
    assertThat(s.error()).isNull();
    assertThat(s.leaseOwner()).isNull();
    assertThat(s.leaseToken()).isNull();
    assertThat(s.leaseExpiresAt()).isNull();
    assertThat(s.cancelRequested()).isFalse();
  }

  private static void assertSameFields(Class<?> group, Object from, Object to) throws Exception {
    for (Method m : group.getMethods()) {
      assertThat(m.invoke(to)).as(m.getName()).isEqualTo(m.invoke(from)).isNotNull();
    }
  }
}
