package io.btmanager.core.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * The manager's frozen settings (built and validated by {@code TaskManager.Builder}).
 *
 * @param nodeId this node's name, the lease owner
 * @param clock the manager's clock
 * @param lease how long a claim holds a task without a heartbeat
 * @param heartbeat how often running tasks' leases are extended
 * @param sweep how often expired leases are looked for
 * @param poll how often an idle executor looks for work from other nodes
 * @param scheduleCheck how often due schedule entries are looked for
 * @param progressWrite the least time between two progress writes of one task to the store
 * @param retention how long finished tasks are kept, or null for ever
 * @param shutdownGrace how long close() lets running tasks finish before releasing them
 * @param maxArgumentBytes the largest arguments JSON accepted
 * @param maxResultBytes the largest result JSON a handler may return
 * @param lostLeaseRetries extra attempts granted to a task whose node died, beyond its policy
 */
public record EngineConfig(
    String nodeId,
    Clock clock,
    Duration lease,
    Duration heartbeat,
    Duration sweep,
    Duration poll,
    Duration scheduleCheck,
    Duration progressWrite,
    Duration retention,
    Duration shutdownGrace,
    int maxArgumentBytes,
    int maxResultBytes,
    int lostLeaseRetries) {}
