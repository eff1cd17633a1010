package io.btmanager.testkit.engine;

import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A real store behind a switch: while "down", every call fails as an unreachable store would. */
final class SwitchableStore implements TaskStore {
  private final TaskStore store;
  private volatile boolean down;

  SwitchableStore(TaskStore store) {
    this.store = store;
  }

  void down(boolean isDown) {
    this.down = isDown;
  }

  private TaskStore s() {
    if (down) {
      throw new StoreUnavailableException(
          "connection refused (the test switched the store off)", null);
    }
    return store;
  }

  @Override
  public StoreCapabilities capabilities() {
    return store.capabilities();
  }

  @Override
  public Instant now() {
    return s().now();
  }

  @Override
  public SubmitResult submit(NewTask t) {
    return s().submit(t);
  }

  @Override
  public List<SubmitResult> submitAll(List<NewTask> t) {
    return s().submitAll(t);
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return s().find(id);
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return s().findAll(ids);
  }

  @Override
  public StorePage query(String owner, TaskQuery q) {
    return s().query(owner, q);
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return s().queuePosition(id);
  }

  @Override
  public boolean replace(StoredTask e, StoredTask u, Execution x) {
    return s().replace(e, u, x);
  }

  @Override
  public boolean delete(StoredTask e) {
    return s().delete(e);
  }

  @Override
  public List<StoredTask> claim(String n, int m, Duration l) {
    return s().claim(n, m, l);
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> t, Duration l) {
    return s().extendLeases(t, l);
  }

  @Override
  public boolean saveProgress(String id, String t, Progress p) {
    return s().saveProgress(id, t, p);
  }

  @Override
  public List<Boolean> complete(List<Completion> c) {
    return s().complete(c);
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return s().expiredLeases(max);
  }

  @Override
  public int purgeFinishedBefore(Instant c) {
    return s().purgeFinishedBefore(c);
  }

  @Override
  public List<Execution> executions(String id) {
    return s().executions(id);
  }

  @Override
  public void insertConfiguration(Configuration c) {
    s().insertConfiguration(c);
  }

  @Override
  public boolean updateConfiguration(Configuration c) {
    return s().updateConfiguration(c);
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return s().findConfiguration(id);
  }

  @Override
  public List<Configuration> configurations(String o) {
    return s().configurations(o);
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return s().deleteConfiguration(id);
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry e) {
    s().insertScheduleEntry(e);
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry e) {
    return s().updateScheduleEntry(e);
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return s().findScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String o) {
    return s().scheduleEntries(o);
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return s().deleteScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant n, int m) {
    return s().dueScheduleEntries(n, m);
  }

  @Override
  public boolean advanceScheduleEntry(String id, Instant e, Instant n, Instant f) {
    return s().advanceScheduleEntry(id, e, n, f);
  }
}
