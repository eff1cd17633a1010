/**
 * The host's API: {@link io.btmanager.core.TaskManager}, built once, used through {@link
 * io.btmanager.core.UserTasks} (one user's view) and {@link io.btmanager.core.AdminTasks}.
 * Parameters are not null unless documented otherwise.
 */
package io.btmanager.core;
