/**
 * The in-memory {@link io.btmanager.core.spi.TaskStore}: {@link
 * io.btmanager.core.memory.InMemoryTaskStore}, the reference every other store is held to. Everything
 * else in this package is its package-private machinery. Parameters and fields are not null unless
 * their documentation says so.
 */
package io.btmanager.core.memory;
