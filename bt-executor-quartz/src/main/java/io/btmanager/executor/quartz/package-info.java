/**
 * An executor whose tasks run on a Quartz scheduler: {@link
 * io.btmanager.executor.quartz.QuartzExecutor}. Nulls are not accepted unless marked. The {@code
 * internal} package is not API.
 */
package io.btmanager.executor.quartz;
