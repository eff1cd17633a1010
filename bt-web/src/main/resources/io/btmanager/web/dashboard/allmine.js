// "All my tasks": stop, run again or delete every task of the signed-in user in one call
// (POST tasks/bulk/{action} with {"all": true}), each only after a confirmation that says how
// many tasks it touches now.

import {api} from './api.js';
import {h, replace} from './dom.js';
import {bulkSummary} from './outcomes.js';

const ACTIVE = ['PENDING', 'SCHEDULED', 'RUNNING'];
const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

const ACTIONS = {
  stop: {
    label: 'Stop all',
    states: ACTIVE,
    ask: (n) => `Stop all ${n} of your unfinished task${n === 1 ? '' : 's'}?`,
    yes: 'Yes, stop them all',
    none: 'None of your tasks is unfinished: there is nothing to stop.',
  },
  recreate: {
    label: 'Run all finished again',
    states: FINISHED,
    ask: (n) => `Run all ${n} of your finished task${n === 1 ? '' : 's'} again?`,
    yes: 'Yes, run them again',
    none: 'None of your tasks has finished: there is nothing to run again.',
  },
  delete: {
    label: 'Delete all',
    states: null,
    ask: (n) => `Delete all ${n} of your task${n === 1 ? '' : 's'}? Unfinished ones are stopped;`
      + ' tasks others share stay theirs.',
    yes: 'Yes, delete them all',
    none: 'You have no tasks: there is nothing to delete.',
    danger: true,
  },
};

/**
 * A disclosure button "All my tasks" and its panel. onDone() is called after an action ran, so
 * the page reads its list again.
 */
export function allOfMine(ctx, {onDone}) {
  const panel = h('div', {class: 'all-mine-panel card', id: 'all-mine', role: 'group',
    'aria-label': 'Actions on all my tasks', hidden: true,
    onkeydown: (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    }});
  const toggle = h('button', {type: 'button', class: 'button', id: 'all-mine-toggle',
    'aria-expanded': 'false', 'aria-controls': 'all-mine',
    onclick: () => (panel.hidden ? open() : close())},
  'All my tasks', h('span', {class: 'chevron', 'aria-hidden': 'true'}, '▾'));

  function open() {
    panel.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    choices();
    panel.querySelector('button')?.focus();
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    replace(panel);
    toggle.focus();
  }

  function choices() {
    replace(panel,
      h('p', {class: 'muted small'}, 'Act on every task of yours, not only the ones shown.'),
      h('div', {class: 'actions'},
        Object.entries(ACTIONS).map(([action, a]) => h('button', {type: 'button',
          class: `button${a.danger ? ' danger' : ''}`, id: `all-mine-${action}`,
          onclick: () => confirm(action)}, a.label)),
        h('button', {type: 'button', class: 'button link', onclick: close}, 'Close')));
  }

  /** Counts the tasks the action would touch now, then asks. */
  async function confirm(action) {
    const a = ACTIONS[action];
    let count;
    try {
      const page = await api.tasks({limit: 1, collapse: false, state: a.states ?? undefined});
      count = page.total;
    } catch (e) {
      ctx.toast(`Could not count your tasks: ${e.message}`, 'error');
      return;
    }
    if (!count) {
      replace(panel, h('p', {role: 'status', class: 'confirm'}, a.none),
        h('div', {class: 'actions'}, h('button', {type: 'button', class: 'button',
          id: 'all-mine-back', onclick: () => { choices(); panel.querySelector('button')?.focus(); }},
        'Back')));
      panel.querySelector('#all-mine-back').focus();
      return;
    }
    const question = h('p', {class: 'confirm', id: 'all-mine-question'}, a.ask(count));
    replace(panel, question,
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: `button ${a.danger ? 'danger' : 'primary'}`,
          id: 'all-mine-confirm', 'aria-describedby': 'all-mine-question',
          onclick: () => run(action)}, a.yes),
        h('button', {type: 'button', class: 'button', id: 'all-mine-keep',
          onclick: () => { choices(); panel.querySelector(`#all-mine-${action}`)?.focus(); }},
        'No, keep them')));
    panel.querySelector('#all-mine-confirm').focus();
  }

  async function run(action) {
    try {
      const result = await api.bulkAll(action);
      ctx.toast(bulkSummary(result));
      close();
    } catch (e) {
      ctx.toast(`Could not ${action === 'recreate' ? 'run them again' : action} your tasks: ${e.message}`,
        'error');
    }
    onDone();
  }

  return {toggle, panel};
}
