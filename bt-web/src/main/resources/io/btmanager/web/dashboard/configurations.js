// "Configurations": the user's saved argument sets; start a task from one, delete the unused.

import {api} from './api.js';
import {h, replace} from './dom.js';
import {prettyJson, relative} from './format.js';

export function render(main, ctx) {
  const list = h('div', {class: 'table-wrap'});
  replace(main,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Configurations'),
      h('button', {type: 'button', class: 'button', id: 'delete-unused', onclick: deleteUnused},
        'Delete unused')),
    h('p', {class: 'muted'}, 'Saved arguments for a task type. Save one from “New task”. '
      + 'A configuration that a running task or a schedule uses is kept until they are done.'),
    list);

  async function load() {
    try {
      const page = await api.configurations();
      draw(page.items ?? page);
    } catch (e) {
      ctx.toast(`Could not load configurations: ${e.message}`, 'error');
    }
  }

  function draw(items) {
    if (!items.length) {
      replace(list, h('p', {class: 'card muted'}, 'No configuration saved yet.'));
      return;
    }
    replace(list, h('table', {class: 'plain', 'aria-label': 'Configurations'},
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'Arguments', 'Changed', ''].map((c) =>
        h('th', {scope: 'col'}, c)))),
      h('tbody', {}, items.map((c) => h('tr', {dataset: {id: c.id}},
        h('td', {class: 'name-cell', title: c.name}, c.name),
        h('td', {}, c.type),
        h('td', {}, h('code', {class: 'json-inline'}, prettyJson(c.arguments))),
        h('td', {class: 'muted', title: c.updatedAt}, relative(c.updatedAt)),
        h('td', {class: 'row-actions'},
          h('a', {class: 'button small', href: `#/new/${encodeURIComponent(c.id)}`}, 'Start a task'),
          h('button', {type: 'button', class: 'button small danger',
            'aria-label': `Delete ${c.name}`, onclick: () => remove(c)}, 'Delete')))))));
  }

  async function remove(c) {
    try {
      await api.deleteConfiguration(c.id);
      ctx.toast(`Deleted “${c.name}”.`);
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
    load();
  }

  async function deleteUnused() {
    try {
      const removed = await api.deleteUnusedConfigurations();
      const n = removed.deleted.length;
      ctx.toast(n ? `Deleted ${n} unused configuration${n === 1 ? '' : 's'}.` : 'Every configuration is in use.');
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
    load();
  }

  load();
  return {refresh: load};
}
