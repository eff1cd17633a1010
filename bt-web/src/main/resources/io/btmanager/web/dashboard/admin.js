// "All users" (admins only): every user's tasks, with owners and the technical error detail.

import {api} from './api.js';
import {h, replace} from './dom.js';
import {relative} from './format.js';
import {stateBadge, titleCell, whereItIs} from './taskrow.js';

export function render(main, ctx) {
  if (!ctx.me?.admin) {
    replace(main, h('p', {class: 'card'}, 'This page is for administrators.'));
    return {};
  }
  const users = h('div', {class: 'user-chips', 'aria-label': 'Tasks per user'});
  const tbody = h('tbody');
  let owner = '';
  replace(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'All users')),
    users,
    h('div', {class: 'table-wrap'}, h('table', {class: 'tasks', 'aria-label': 'Every user\u2019s tasks'},
      h('colgroup', {}, h('col', {class: 'c-title'}), h('col', {class: 'c-owners'}), h('col', {class: 'c-state'}),
        h('col', {class: 'c-where'}), h('col', {class: 'c-created'})),
      h('thead', {}, h('tr', {}, ['Task', 'Owners', 'State', 'Progress', 'Created'].map((c) => h('th', {scope: 'col'}, c)))),
      tbody)));

  let all = [];
  async function load() {
    try {
      const page = await api.adminTasks({limit: 200, sort: 'createdAt', order: 'desc'});
      all = page.items;
      draw();
    } catch (e) {
      ctx.toast(`Could not load every user's tasks: ${e.message}`, 'error');
    }
  }

  function draw() {
    const counts = new Map();
    for (const t of all) for (const o of t.owners ?? []) counts.set(o, (counts.get(o) ?? 0) + 1);
    replace(users,
      chip('', `Everyone (${all.length})`),
      [...counts].sort().map(([u, n]) => chip(u, `${u} (${n})`)));
    const shown = owner ? all.filter((t) => (t.owners ?? []).includes(owner)) : all;
    replace(tbody, shown.map((t) => h('tr', {class: 'task-row', dataset: {id: t.id, state: t.state}},
      h('td', {class: 'title'}, titleCell(t),
        t.error?.detail ? h('details', {}, h('summary', {}, 'Technical detail'), h('pre', {}, t.error.detail)) : null),
      h('td', {class: 'owners'}, (t.owners ?? []).join(', ')),
      h('td', {class: 'state'}, stateBadge(t)),
      h('td', {class: 'where-cell'}, whereItIs(t)),
      h('td', {class: 'created muted', title: t.createdAt}, relative(t.createdAt)))));
  }

  function chip(user, label) {
    return h('button', {type: 'button', class: 'chip', 'aria-pressed': String(owner === user),
      onclick: () => { owner = user; draw(); }}, label);
  }

  load();
  let timer = null;
  return {
    refresh: load,
    onEvent: () => {
      clearTimeout(timer);
      timer = setTimeout(load, 500); // a burst of events, one reload
    },
    dispose: () => clearTimeout(timer),
  };
}
