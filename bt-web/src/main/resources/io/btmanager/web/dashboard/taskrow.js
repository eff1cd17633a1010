// One task as a row of the task table, shared by the user's list and the admin's.

import {h, safeLink} from './dom.js';
import {dateTime, percent, relative, shortId, stateLabel} from './format.js';

/** The badge of a state, with its name for screen readers and colour for the eye. */
export function stateBadge(task) {
  return h('span', {class: `badge state-${task.state.toLowerCase()}`, dataset: {state: task.state}},
    stateLabel(task.state));
}

/** Progress bar, queue position, retry time or finish time: whatever says where the task is. */
export function whereItIs(task) {
  const p = task.progress;
  switch (task.state) {
    case 'RUNNING': {
      const pct = percent(p);
      return h('div', {class: 'where running'},
        h('progress', {max: 100, value: pct, 'aria-label': `${task.name}: ${pct}% done`}),
        h('div', {class: 'where-text'},
          h('span', {class: 'pct'}, `${pct}%`),
          p?.message ? h('span', {class: 'msg', title: p.message}, p.message) : null),
        task.eta ? h('div', {class: 'eta', title: dateTime(task.eta)}, eta(task.eta)) : null);
    }
    case 'PENDING':
      return h('div', {class: 'where'},
        queuePosition(task),
        task.eta && Date.parse(task.eta) > Date.now()
          ? h('div', {class: 'eta', title: dateTime(task.eta)},
            `expected to finish ${relative(task.eta)}`) : null);
    case 'SCHEDULED':
      return h('div', {class: 'where'},
        task.attempt > 0 ? h('div', {}, `Attempt ${task.attempt} of ${task.maxAttempts} failed`) : null,
        task.nextAttemptAt ? h('div', {class: 'eta', title: dateTime(task.nextAttemptAt)},
          `${task.attempt > 0 ? 'retries' : 'starts'} ${relative(task.nextAttemptAt)}`) : null);
    default:
      return h('div', {class: 'where muted'},
        task.finishedAt ? h('span', {title: dateTime(task.finishedAt)},
          `Finished ${relative(task.finishedAt)}`) : null);
  }
}

/** "ETA in 40 s"; an estimate already passed reads as due, not as "2 s ago". */
function eta(iso) {
  return Date.parse(iso) - Date.now() > 1500 ? `ETA ${relative(iso)}` : 'ETA any moment';
}

function queuePosition(task) {
  const pos = task.queuePosition;
  if (pos === undefined || pos === null || pos < 0) return h('div', {}, 'In the queue');
  return h('div', {class: 'queue'}, pos === 0 ? 'Next in the queue'
    : `${pos} task${pos === 1 ? '' : 's'} ahead in the queue`);
}

/** "What went wrong" and "what you can do", as the task type's advisor wrote them. */
export function errorAdvice(error, {compact = false, retrying = false} = {}) {
  if (!error) return null;
  return h('div', {class: `advice${compact ? ' compact' : ''}${retrying ? ' retrying' : ''}`, role: 'note'},
    h('div', {class: 'advice-summary'},
      h('span', {class: 'advice-icon', 'aria-hidden': 'true'}, '!'),
      h('span', {}, error.summary)),
    error.action ? h('div', {class: 'advice-action'},
      h('strong', {}, 'What you can do: '), error.action) : null,
    error.retryable === false && !compact
      ? h('div', {class: 'muted small'}, 'Running it again as it is will not help.') : null);
}

/** How many users share the task (never who, unless the viewer is an admin). */
export function sharedBy(task) {
  const count = task.ownerCount ?? (task.owners ? task.owners.length : 1);
  if (!count || count < 2) return null;
  return h('span', {class: 'shared', title: task.owners ? `Owners: ${task.owners.join(', ')}`
    : `${count} people asked for this task; it runs once for all of them`},
  `Shared by ${count}`);
}

/** The title cell: name, description, type, id, link and the advice of a failed task. */
export function titleCell(task) {
  return h('div', {class: 'title-cell'},
    h('a', {class: 'task-name', href: `#/task/${encodeURIComponent(task.id)}`, title: task.name,
      dataset: {focus: 'name'}}, task.name || task.type),
    task.description ? h('div', {class: 'description', title: task.description}, task.description)
      : null,
    h('div', {class: 'meta'},
      h('span', {class: 'type'}, task.type),
      h('span', {class: 'id', title: task.id}, `#${shortId(task.id)}`),
      task.priority && task.priority !== 'MEDIUM'
        ? h('span', {class: `priority p-${task.priority.toLowerCase()}`}, `${task.priority.toLowerCase()} priority`)
        : null,
      task.link ? safeLink(task.link, 'Open page ↗') : null,
      sharedBy(task)),
    task.state === 'FAILED' || (task.state === 'SCHEDULED' && task.error)
      ? errorAdvice(task.error, {compact: true, retrying: task.state === 'SCHEDULED'}) : null);
}
