package io.btmanager.testkit.engine;

import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A real store behind a switch: while "down", every call fails as an unreachable store would. It
 * can also refuse results longer than a column would take, as a SQL store does: an outcome written
 * alone is refused with {@link StoreRejectedException}; in a batch, the others are written and the
 * refused one reports not applied (see {@code JdbcTaskStore#complete}), and so does every outcome
 * when told to refuse quietly.
 */
final class SwitchableStore implements TaskStore {
  private final TaskStore store;
  private volatile boolean down;
  private volatile int maxResultChars = Integer.MAX_VALUE;
  private volatile boolean quietly;

  SwitchableStore(TaskStore store) {
    this.store = store;
  }

  void down(boolean isDown) {
    this.down = isDown;
  }

  /**
   * Refuses results longer than {@code chars} from now on; {@code quietly}: by reporting the outcome
   * not applied even when written alone, as in a batch.
   */
  void refuseResultsLongerThan(int chars, boolean quietly) {
    this.maxResultChars = chars;
    this.quietly = quietly;
  }

  private boolean refused(Completion c) {
    return (c.resultJson() != null && c.resultJson().length() > maxResultChars)
        || (c.execution().resultJson() != null
            && c.execution().resultJson().length() > maxResultChars);
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
  public boolean detachOwner(String id, long v, String owner) {
    return s().detachOwner(id, v, owner);
  }

  @Override
  public boolean requestCancel(String id, long v) {
    return s().requestCancel(id, v);
  }

  @Override
  public boolean cancelWaiting(String id, long v, TaskError error) {
    return s().cancelWaiting(id, v, error);
  }

  @Override
  public boolean editDetails(DetailsEdit e) {
    return s().editDetails(e);
  }

  @Override
  public boolean delete(String id, long v) {
    return s().delete(id, v);
  }

  @Override
  public List<StoredTask> claim(ClaimRequest r) {
    return s().claim(r);
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn r) {
    return s().returnExpiredLease(r);
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return s().typicalRunTime(type);
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
    if (c.stream().noneMatch(this::refused)) {
      return s().complete(c);
    }
    if (c.size() == 1 && !quietly) {
      throw new StoreRejectedException("value too long for column \"result\"", null);
    }
    List<Boolean> applied = new ArrayList<>(c.size());
    for (Completion one : c) {
      applied.add(!refused(one) && s().complete(List.of(one)).get(0));
    }
    return applied;
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return s().expiredLeases(max);
  }

  @Override
  public int purgeFinishedBefore(Instant c, int max) {
    return s().purgeFinishedBefore(c, max);
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
  public List<ScheduleEntry> dueScheduleEntries(Instant n, Set<String> types, int m) {
    return s().dueScheduleEntries(n, types, m);
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence o) {
    return s().fireOccurrence(o);
  }
}
