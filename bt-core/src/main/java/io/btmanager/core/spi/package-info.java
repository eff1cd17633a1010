/**
 * The service-provider interfaces: {@link io.btmanager.core.spi.TaskStore} for storage backends
 * (the composite of {@link io.btmanager.core.spi.TaskRecords}, {@link
 * io.btmanager.core.spi.WorkQueue}, {@link io.btmanager.core.spi.Catalog} and the optional {@link
 * io.btmanager.core.spi.ChangeFeed}) and {@link io.btmanager.core.spi.TaskExecutor} for executors,
 * with the values they exchange. Hosts use them only to plug a backend into the builder. Nulls are
 * not accepted unless a parameter says so. A store built of one object per part extends {@link
 * io.btmanager.core.spi.ComposedTaskStore}, which hands every operation to its part.
 *
 * <p>Every store operation, what must be atomic in it, and how the in-memory store, the SQL store
 * and a Redis store (one Lua script per operation) do it. "Guarded" means: applied only if the task
 * still has the version the core read, else nothing is written and false is returned.
 *
 * <table>
 *   <caption>Store operations</caption>
 *   <tr><th>operation</th><th>atomic</th><th>memory</th><th>SQL</th><th>Redis</th></tr>
 *   <tr><td>submit / submitAll</td><td>find active duplicate by dedup key, then join (add owner)
 *       or insert with a new seq; committed on return (to stable storage with survivesRestart)
 *       </td><td>compute on the dedup-key map, cell lock</td><td>one transaction; unique index
 *       on active_dedup_key</td><td>one script: GET active key, HSET task, ZADD queue scored
 *       band &times; 2^50 + seq</td></tr>
 *   <tr><td>find / findAll / executions</td><td>each task a consistent snapshot</td><td>map
 *       read</td><td>one SELECT</td><td>HGETALL (pipelined)</td></tr>
 *   <tr><td>query (filtersQueries) / tasksOf</td><td>none across tasks</td><td>shared
 *       evaluator over the owner index</td><td>one SELECT with filters, collapse, sort,
 *       page</td><td>tasksOf: SMEMBERS owner set + HGETALL; the core evaluates</td></tr>
 *   <tr><td>queuePosition</td><td>one snapshot of the queue</td><td>Fenwick ranks per
 *       lane</td><td>one SELECT of two index range counts</td><td>ZRANK on the queue</td></tr>
 *   <tr><td>detachOwner</td><td>guarded; remove one owner</td><td>cell lock</td><td>UPDATE
 *       version + DELETE owner row, one transaction</td><td>one script: check version, SREM,
 *       HINCRBY version</td></tr>
 *   <tr><td>requestCancel</td><td>guarded; only while RUNNING</td><td>cell lock</td><td>one
 *       UPDATE</td><td>one script</td></tr>
 *   <tr><td>cancelWaiting</td><td>guarded; only while waiting; CANCELLED at the store's now, off
 *       the queue, dedup key freed</td><td>cell lock, then key dropped</td><td>one UPDATE</td>
 *       <td>one script: HSET, ZREM queue, DEL active key</td></tr>
 *   <tr><td>editDetails</td><td>guarded; new priority moves the task, keeping its
 *       seq</td><td>cell lock</td><td>one UPDATE</td><td>one script: HSET, ZADD new
 *       score</td></tr>
 *   <tr><td>delete</td><td>guarded; task with owners and executions</td><td>cell
 *       lock</td><td>DELETE task + children, one transaction</td><td>one script</td></tr>
 *   <tr><td>purgeFinishedBefore(cutoff, max)</td><td>each task removed whole; at most max per
 *       call</td><td>cell locks</td><td>one bounded transaction</td><td>one script over a
 *       finished-time sorted set</td></tr>
 *   <tr><td>claim(ClaimRequest)</td><td>each task to one claimer; only the request's types;
 *       priority then seq; lease from the store's now</td><td>per-type lanes, cell
 *       lock</td><td>one UPDATE &hellip; FOR UPDATE SKIP LOCKED RETURNING (PostgreSQL)</td>
 *       <td>one script: ZRANGE per type queue, HSET lease, ZADD leases, one INCRBY for the
 *       batch's tokens; the lease from TIME inside the script</td></tr>
 *   <tr><td>extendLeases</td><td>per task, fenced by token</td><td>cell lock</td><td>one
 *       batch, rows in id order (as a turn meets them: no lock cycle)</td><td>one script for
 *       the batch</td></tr>
 *   <tr><td>saveProgress</td><td>fenced by token</td><td>cell lock</td><td>one UPDATE</td><td>one
 *       script</td></tr>
 *   <tr><td>complete / completeAndClaim</td><td>per completion, fenced by token; a turn's
 *       completions then claims</td><td>cell locks</td><td>one transaction per turn (PostgreSQL:
 *       one round trip)</td><td>one script per turn</td></tr>
 *   <tr><td>expiredLeases</td><td>none</td><td>scan of the running set</td><td>one
 *       SELECT</td><td>ZRANGEBYSCORE leases by TIME</td></tr>
 *   <tr><td>returnExpiredLease</td><td>fenced by token and expiry by the store's now; execution
 *       appended</td><td>cell lock</td><td>UPDATE + INSERT execution, one transaction</td><td>one
 *       script</td></tr>
 *   <tr><td>typicalRunTime</td><td>none</td><td>latest runs per type</td><td>one SELECT of the
 *       latest SUCCEEDED rows</td><td>a capped list per type, LPUSH/LTRIM in complete</td></tr>
 *   <tr><td>configurations, schedule entries</td><td>each write alone; a configuration in use is
 *       never deleted (rule 10)</td><td>compute on the maps</td><td>one transaction, configuration
 *       row locked</td><td>one script</td></tr>
 *   <tr><td>dueScheduleEntries</td><td>none</td><td>scan</td><td>one SELECT</td><td>ZRANGEBYSCORE
 *       on next fire times</td></tr>
 *   <tr><td>fireOccurrence</td><td>advance the entry only if still at the occurrence, and
 *       submit-or-join its task, together</td><td>inside the entry's compute</td><td>one
 *       transaction</td><td>one script (advance + the submit script's body)</td></tr>
 *   <tr><td>announce / listen (changeFeed)</td><td>none; best effort; a store that knows a
 *       node missed notes calls listen's {@code missed}, and the core tells every subscriber to
 *       refetch</td><td>&mdash;</td><td>PostgreSQL NOTIFY / LISTEN (cannot tell)</td><td>one
 *       XADD per announced batch (script); XREAD, and a count of entries ever added that reveals
 *       a trimmed gap</td></tr>
 * </table>
 */
package io.btmanager.core.spi;
