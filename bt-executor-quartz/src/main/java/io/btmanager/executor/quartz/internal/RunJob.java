package io.btmanager.executor.quartz.internal;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Runs one claimed task handed off by the claim cadence on the Quartz worker thread that fired it,
 * then the tasks it claims after it, back to back, until there is none. Not API: public only because
 * Quartz instantiates it.
 */
public final class RunJob implements Job {

  /** For Quartz. */
  public RunJob() {}

  @Override
  public void execute(JobExecutionContext context) {
    QuartzNode node = QuartzNode.of(context);
    if (node != null) {
      node.work();
    }
  }
}
