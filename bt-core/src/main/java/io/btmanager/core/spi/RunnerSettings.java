package io.btmanager.core.spi;

import java.time.Duration;

/**
 * The timing an executor follows, set on the manager's builder.
 *
 * @param pollInterval how often to look for work submitted by other nodes
 * @param heartbeatInterval how often to call {@link TaskRunner#heartbeat()} while tasks run
 * @param sweepInterval how often to call {@link TaskRunner#sweep()}
 * @param scheduleInterval how often to call {@link TaskRunner#fireDueSchedules()}
 */
public record RunnerSettings(
    Duration pollInterval,
    Duration heartbeatInterval,
    Duration sweepInterval,
    Duration scheduleInterval) {}
