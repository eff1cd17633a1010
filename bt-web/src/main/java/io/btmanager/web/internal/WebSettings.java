package io.btmanager.web.internal;

import io.btmanager.core.TaskManager;
import io.btmanager.web.AccessLevel;
import io.btmanager.web.UserResolver;
import io.btmanager.web.WebUser;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/** Everything a {@code BtWeb} was built with. Not API. */
public record WebSettings(
    TaskManager manager,
    UserResolver users,
    Function<WebUser, AccessLevel> access,
    Set<String> submittableTypes,
    Set<String> allowedOrigins,
    int requestsPerMinute,
    int burst,
    int maxBodyBytes,
    int maxIdsPerBulk,
    int maxBatchParts,
    int maxPageSize,
    int maxStreamsPerUser,
    int pushBuffer,
    int streamQueue,
    Duration pingInterval,
    Duration progressInterval,
    Duration resumeWindow,
    Clock clock) {

  /** Whether users may submit tasks of {@code type} over the web. */
  public boolean submittable(String type) {
    return submittableTypes == null || submittableTypes.contains(type);
  }
}
