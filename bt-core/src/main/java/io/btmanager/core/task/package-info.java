/**
 * The values of the task model: tasks, their states, priorities, progress, errors, executions,
 * configurations and schedule entries. All are immutable records. Parameters and fields are not
 * null unless their documentation says so.
 */
package io.btmanager.core.task;
