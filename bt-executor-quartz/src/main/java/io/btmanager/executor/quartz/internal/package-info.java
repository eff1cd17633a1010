/** The Quartz executor's engine: not API, may change in any release. */
package io.btmanager.executor.quartz.internal;
