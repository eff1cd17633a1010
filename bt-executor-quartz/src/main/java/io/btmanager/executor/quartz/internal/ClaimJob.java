package io.btmanager.executor.quartz.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The claim cadence as a Quartz job: fired every poll interval by a repeating trigger, and at once
 * by a one-shot trigger when a task is submitted on this node or a worker goes idle. Never two at
 * once. Not API: public only because Quartz instantiates it.
 */
@DisallowConcurrentExecution
public final class ClaimJob implements Job {

  /** For Quartz. */
  public ClaimJob() {}

  @Override
  public void execute(JobExecutionContext context) {
    QuartzNode node = QuartzNode.of(context);
    if (node != null) {
      node.claim();
    }
  }
}
