/**
 * An executor that runs claimed tasks on a bounded pool of threads in the host process: {@link
 * io.btmanager.executor.local.LocalExecutor}. Nulls are not accepted anywhere unless a parameter
 * says otherwise.
 */
package io.btmanager.executor.local;
