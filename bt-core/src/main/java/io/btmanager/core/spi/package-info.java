/**
 * The service-provider interfaces: {@link io.btmanager.core.spi.TaskStore} for storage backends
 * and {@link io.btmanager.core.spi.TaskExecutor} for executors, with the values they exchange.
 * Hosts use them only to plug a backend into the builder.
 */
package io.btmanager.core.spi;
