// "My tasks": the signed-in user's tasks, live, with filters, duplicate groups, selection and
// bulk stop / delete / run again.

import {api} from './api.js';
import {h, replace} from './dom.js';
import {ALL_STATES, isActive, relative, stateLabel} from './format.js';
import {REFRESH_MODES} from './live.js';
import {stateBadge, titleCell, whereItIs} from './taskrow.js';
import {bulkSummary} from './outcomes.js';
import {allOfMine} from './allmine.js';

const PAGE = 50;

export function render(main, ctx) {
  const state = {
    filter: sessionStorage.getItem('bt.filter') || '',
    type: sessionStorage.getItem('bt.type') || '',
    collapse: sessionStorage.getItem('bt.collapse') !== 'false',
    limit: PAGE,
    tasks: [],
    total: 0,
    selected: new Set(),
    expanded: new Map(), // group lead id -> older runs, once fetched
    loading: false,
  };

  const tbody = h('tbody');
  const summary = h('p', {class: 'summary muted', 'aria-live': 'polite'});
  const more = h('button', {type: 'button', class: 'button', hidden: true,
    onclick: () => { state.limit += PAGE; load(); }}, 'Show more');
  const bulkBar = h('div', {class: 'bulk-bar', role: 'region', 'aria-label': 'Selected tasks'});
  const selectAll = h('input', {type: 'checkbox', 'aria-label': 'Select every task shown',
    onchange: () => {
      for (const t of visibleTasks()) {
        if (selectAll.checked) state.selected.add(t.id); else state.selected.delete(t.id);
      }
      draw();
    }});

  const all = allOfMine(ctx, {onDone: () => load()});
  replace(main,
    h('div', {class: 'page-head'},
      h('h1', {}, 'My tasks'),
      h('div', {class: 'head-actions'}, all.toggle,
        h('a', {class: 'button primary', href: '#/new'}, '+ New task'))),
    all.panel,
    toolbar(),
    bulkBar,
    h('div', {class: 'table-wrap'},
      h('table', {class: 'tasks', 'aria-label': 'My tasks'},
        h('colgroup', {},
          h('col', {class: 'c-select'}), h('col', {class: 'c-title'}), h('col', {class: 'c-state'}),
          h('col', {class: 'c-where'}), h('col', {class: 'c-created'})),
        h('thead', {}, h('tr', {},
          h('th', {scope: 'col'}, selectAll),
          h('th', {scope: 'col'}, 'Task'),
          h('th', {scope: 'col'}, 'State'),
          h('th', {scope: 'col'}, 'Progress'),
          h('th', {scope: 'col'}, 'Created'))),
        tbody)),
    summary,
    more);

  function toolbar() {
    const stateSelect = h('select', {id: 'filter-state', onchange: (e) => {
      state.filter = e.target.value;
      sessionStorage.setItem('bt.filter', state.filter);
      load();
    }},
    h('option', {value: ''}, 'All states'),
    h('option', {value: 'active'}, 'Not finished'),
    ALL_STATES.map((s) => h('option', {value: s}, stateLabel(s))));
    stateSelect.value = state.filter;
    const typeSelect = h('select', {id: 'filter-type', onchange: (e) => {
      state.type = e.target.value;
      sessionStorage.setItem('bt.type', state.type);
      load();
    }},
    h('option', {value: ''}, 'All types'),
    ctx.types.map((t) => h('option', {value: t.name}, t.title || t.name)));
    typeSelect.value = state.type;
    const modeSelect = h('select', {id: 'refresh-mode', onchange: (e) => ctx.setMode(e.target.value)},
      REFRESH_MODES.map((m) => h('option', {value: m.value}, m.label)));
    modeSelect.value = ctx.mode;
    return h('div', {class: 'toolbar', role: 'toolbar', 'aria-label': 'Filters and refresh'},
      h('label', {for: 'filter-state'}, 'State'), stateSelect,
      h('label', {for: 'filter-type'}, 'Type'), typeSelect,
      h('label', {class: 'check'},
        h('input', {type: 'checkbox', id: 'collapse', checked: state.collapse, onchange: (e) => {
          state.collapse = e.target.checked;
          sessionStorage.setItem('bt.collapse', String(state.collapse));
          state.expanded.clear();
          load();
        }}),
        'Group repeated runs'),
      h('span', {class: 'spacer'}),
      h('label', {for: 'refresh-mode'}, 'Updates'), modeSelect,
      h('button', {type: 'button', class: 'button', id: 'refresh', onclick: () => load(true)},
        h('span', {'aria-hidden': 'true'}, '⟳ '), 'Refresh'));
  }

  function query() {
    const q = {limit: state.limit, collapse: state.collapse, sort: 'createdAt', order: 'desc'};
    if (state.filter === 'active') q.state = ['PENDING', 'SCHEDULED', 'RUNNING'];
    else if (state.filter) q.state = state.filter;
    if (state.type) q.type = state.type;
    return q;
  }

  let generation = 0;
  async function load(byHand = false) {
    const mine = ++generation;
    state.loading = true;
    try {
      arrivedDuringLoad = [];
      const page = await api.tasks(query());
      if (mine !== generation) return;
      state.tasks = page.items;
      const missed = arrivedDuringLoad;
      arrivedDuringLoad = null;
      missed.forEach(apply);
      state.total = page.total ?? page.items.length;
      for (const id of [...state.expanded.keys()]) {
        const lead = state.tasks.find((t) => t.id === id);
        if (lead) state.expanded.set(id, await olderRuns(lead));
        else state.expanded.delete(id);
      }
      state.loadedAt = Date.now();
      draw();
      if (byHand) summary.textContent += ' Refreshed just now.';
    } catch (e) {
      ctx.toast(`Could not load your tasks: ${e.message}`, 'error');
    } finally {
      if (mine === generation) arrivedDuringLoad = null;
      state.loading = false;
    }
  }

  /** The earlier finished runs of a collapsed group, newest first. */
  async function olderRuns(lead) {
    const runs = await api.group(lead.id);
    return runs.filter((t) => t.id !== lead.id);
  }

  function visibleTasks() {
    const out = [];
    for (const t of state.tasks) {
      out.push(t);
      out.push(...(state.expanded.get(t.id) ?? []));
    }
    return out;
  }

  function draw() {
    const focusKey = document.activeElement?.closest?.('tr[data-id]') && tbody.contains(document.activeElement)
      ? [document.activeElement.closest('tr').dataset.id, document.activeElement.dataset.focus] : null;
    for (const id of [...state.selected]) {
      if (!visibleTasks().some((t) => t.id === id)) state.selected.delete(id);
    }
    replace(tbody, state.tasks.length ? state.tasks.map((t) => rows(t)) : emptyRow());
    const shown = state.tasks.length;
    summary.textContent = shown
      ? `Showing ${shown} of ${state.total} ${state.collapse ? 'tasks (repeated runs grouped)' : 'tasks'}.`
      : '';
    more.hidden = shown >= state.total;
    const visible = visibleTasks();
    selectAll.checked = visible.length > 0 && visible.every((t) => state.selected.has(t.id));
    selectAll.indeterminate = !selectAll.checked && visible.some((t) => state.selected.has(t.id));
    drawBulkBar();
    if (focusKey) {
      tbody.querySelector(`tr[data-id="${CSS.escape(focusKey[0])}"] [data-focus="${CSS.escape(focusKey[1] || '')}"]`)?.focus();
    }
  }

  function emptyRow() {
    const filtered = state.filter || state.type;
    return h('tr', {class: 'empty'}, h('td', {colspan: 5},
      filtered ? 'No task matches these filters.' : h('span', {}, 'You have no tasks yet. ',
        h('a', {href: '#/new'}, 'Start one'), '.')));
  }

  function rows(task) {
    const older = state.expanded.get(task.id);
    return [row(task, false), ...(older ? older.map((t) => row(t, true)) : [])];
  }

  function row(task, isOlderRun) {
    const checkbox = h('input', {type: 'checkbox', checked: state.selected.has(task.id),
      'aria-label': `Select ${task.name || task.type}`, dataset: {focus: 'select'},
      onchange: (e) => {
        if (e.target.checked) state.selected.add(task.id); else state.selected.delete(task.id);
        draw();
      }});
    const group = !isOlderRun && state.collapse && task.groupSize > 1
      ? h('button', {type: 'button', class: 'group-toggle', dataset: {focus: 'group'},
        'aria-expanded': String(state.expanded.has(task.id)),
        'aria-label': `${state.expanded.has(task.id) ? 'Hide' : 'Show'} the ${task.groupSize - 1} earlier runs of ${task.name}`,
        onclick: () => toggleGroup(task)},
      h('span', {class: 'chevron', 'aria-hidden': 'true'}, state.expanded.has(task.id) ? '▾' : '▸'),
      `${task.groupSize} runs`)
      : null;
    return h('tr', {class: `task-row${isOlderRun ? ' older-run' : ''}${state.selected.has(task.id) ? ' selected' : ''}`,
      dataset: {id: task.id, state: task.state}},
    h('td', {class: 'select'}, checkbox),
    h('td', {class: 'title'}, titleCell(task), group),
    h('td', {class: 'state'}, stateBadge(task),
      task.maxAttempts > 1 && task.attempt > 1
        ? h('div', {class: 'muted small'}, `attempt ${task.attempt} of ${task.maxAttempts}`) : null),
    h('td', {class: 'where-cell'}, whereItIs(task)),
    h('td', {class: 'created muted', title: task.createdAt}, relative(task.createdAt)));
  }

  async function toggleGroup(task) {
    if (state.expanded.has(task.id)) {
      state.expanded.delete(task.id);
    } else {
      try {
        state.expanded.set(task.id, await olderRuns(task));
      } catch (e) {
        ctx.toast(`Could not load the earlier runs: ${e.message}`, 'error');
      }
    }
    draw();
  }

  let confirmDelete = false;
  function drawBulkBar() {
    const ids = [...state.selected];
    const tasks = visibleTasks().filter((t) => state.selected.has(t.id));
    bulkBar.hidden = ids.length === 0;
    if (!ids.length) {
      confirmDelete = false;
      replace(bulkBar);
      return;
    }
    const anyActive = tasks.some(isActive);
    const anyFinished = tasks.some((t) => !isActive(t));
    replace(bulkBar,
      h('span', {class: 'count'}, `${ids.length} selected`),
      confirmDelete
        ? [h('span', {class: 'confirm'}, `Delete ${ids.length} task${ids.length === 1 ? '' : 's'}? Tasks others share stay theirs.`),
          h('button', {type: 'button', class: 'button danger', id: 'bulk-delete-confirm',
            onclick: () => bulk('delete', ids)}, 'Yes, delete'),
          h('button', {type: 'button', class: 'button', onclick: () => { confirmDelete = false; drawBulkBar(); }}, 'Keep them')]
        : [h('button', {type: 'button', class: 'button', id: 'bulk-stop', disabled: !anyActive,
          onclick: () => bulk('stop', ids)}, 'Stop'),
        h('button', {type: 'button', class: 'button', id: 'bulk-recreate', disabled: !anyFinished,
          onclick: () => bulk('recreate', ids)}, 'Run again'),
        h('button', {type: 'button', class: 'button danger', id: 'bulk-delete',
          onclick: () => { confirmDelete = true; drawBulkBar(); bulkBar.querySelector('#bulk-delete-confirm')?.focus(); }},
        'Delete'),
        h('button', {type: 'button', class: 'button link', onclick: () => { state.selected.clear(); draw(); }},
          'Clear selection')]);
  }

  async function bulk(action, ids) {
    confirmDelete = false;
    try {
      const result = await api.bulk(action, ids);
      ctx.toast(bulkSummary(result), 'info');
      state.selected.clear();
    } catch (e) {
      ctx.toast(`Could not ${action === 'recreate' ? 'run them again' : action} the tasks: ${e.message}`, 'error');
    }
    load();
  }

  /**
   * A live event: update the task's row in place, or refetch when the list itself changed.
   * Events that arrive while a list request is under way are applied again on top of its
   * answer, which may have been read before them.
   */
  let reloadTimer = null;
  let arrivedDuringLoad = null;
  function onEvent(e) {
    arrivedDuringLoad?.push(e);
    if (apply(e)) {
      draw();
    } else {
      // a new task, one that left, or one that moved between filters: ask again, once per burst
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => load(), 150);
    }
  }

  /** Puts the event's task view in its row; false when the list itself must be fetched again. */
  function apply(e) {
    const task = e.task;
    const id = e.taskId ?? task?.id;
    // DETACHED with self: this user left the task (another owner leaving only changes its count)
    const gone = e.kind === 'DELETED' || (e.kind === 'DETACHED' && e.self !== false);
    if (!task || gone) return false;
    const index = state.tasks.findIndex((t) => t.id === id);
    if (index >= 0 && state.tasks[index].groupSize <= 1) {
      state.tasks[index] = merge(state.tasks[index], task);
      return matchesFilter(state.tasks[index]);
    }
    for (const older of state.expanded.values()) {
      const j = older.findIndex((t) => t.id === id);
      if (j >= 0) {
        older[j] = merge(older[j], task);
        return true;
      }
    }
    return false;
  }

  /** A finished task never changes again: an older view of it (still running) is ignored. */
  function merge(shown, incoming) {
    if (!isActive(shown) && isActive(incoming)) return shown;
    return {...shown, ...incoming, groupSize: shown.groupSize};
  }

  function matchesFilter(t) {
    if (state.filter === 'active') return isActive(t);
    return !state.filter || t.state === state.filter;
  }

  load();
  const tick = setInterval(() => {
    // relative times ("3 s ago", "ETA in 20 s") age even when nothing arrives
    if (state.tasks.some(isActive)) draw();
  }, 5000);

  return {
    refresh: () => load(),
    onEvent,
    dispose: () => {
      clearInterval(tick);
      clearTimeout(reloadTimer);
      generation += 1;
    },
  };
}
