// One task: where it is, what went wrong and what to do, its result, and every attempt.

import {api} from './api.js';
import {h, replace, safeLink} from './dom.js';
import {dateTime, isActive, prettyJson, relative, took} from './format.js';
import {errorAdvice, sharedBy, stateBadge, whereItIs} from './taskrow.js';
import {bulkSummary} from './outcomes.js';
import {editForm} from './edit.js';

export function render(main, ctx, [id]) {
  let task = null;
  // the edit form while it is open, between the head and the body: redraws of those (a
  // running task's progress) leave the form and what is typed in it alone
  let editor = null;
  const head = h('div', {class: 'detail-head'});
  const editSlot = h('div', {class: 'edit-slot'});
  const body = h('div', {class: 'detail'}, h('p', {class: 'muted'}, 'Loading…'));
  replace(main, h('p', {class: 'back'}, h('a', {href: '#/tasks'}, '← My tasks')), head, editSlot,
    body);

  async function load() {
    try {
      const [t, executions] = await Promise.all([api.task(id), api.executions(id)]);
      task = t;
      draw(executions);
    } catch (e) {
      replace(head);
      replace(editSlot);
      editor = null;
      replace(body, h('div', {class: 'card', role: 'alert'},
        h('h1', {}, e.status === 404 ? 'No such task' : 'This task cannot be shown'),
        h('p', {}, e.status === 404
          ? 'It may have been deleted, or it was never yours.' : e.message)));
    }
  }

  let executions = [];
  function draw(list = executions) {
    executions = list;
    const t = task;
    replace(head,
      h('div', {class: 'page-head'},
        h('h1', {class: 'detail-name'}, t.name || t.type),
        stateBadge(t)),
      t.description ? h('p', {class: 'detail-description'}, t.description) : null,
      h('div', {class: 'actions'},
        isActive(t) ? h('button', {type: 'button', class: 'button', id: 'detail-stop',
          onclick: () => act('stop')}, 'Stop') : null,
        !isActive(t) ? h('button', {type: 'button', class: 'button', id: 'detail-recreate',
          onclick: () => act('recreate')}, 'Run again') : null,
        h('button', {type: 'button', class: 'button danger', id: 'detail-delete',
          onclick: () => act('delete')}, 'Delete'),
        h('button', {type: 'button', class: 'button', id: 'detail-edit',
          'aria-expanded': String(editor !== null), 'aria-controls': editor ? 'edit-form' : null,
          onclick: () => (editor ? closeEditor() : openEditor())}, 'Edit'),
        h('button', {type: 'button', class: 'button', id: 'detail-refresh', onclick: () => load()},
          h('span', {'aria-hidden': 'true'}, '⟳ '), 'Refresh')));
    replace(body,
      t.error ? h('section', {class: 'card'}, h('h2', {}, 'What went wrong'), errorAdvice(t.error),
        t.error.detail ? h('details', {}, h('summary', {}, 'Technical detail'),
          h('pre', {}, t.error.detail)) : null) : null,
      h('section', {class: 'card'},
        h('h2', {}, 'Where it is'),
        whereItIs(t),
        h('dl', {class: 'facts'},
          fact('Type', t.type),
          fact('Id', h('code', {}, t.id)),
          fact('Priority', t.priority?.toLowerCase()),
          fact('Created', when(t.createdAt)),
          t.startedAt ? fact('Started', when(t.startedAt)) : null,
          t.finishedAt ? fact('Finished', when(t.finishedAt)) : null,
          fact('Attempts', `${t.attempt} of ${t.maxAttempts} allowed`),
          t.link ? fact('Page', safeLink(t.link)) : null,
          sharedBy(t) ? fact('Shared', sharedBy(t)) : null,
          t.owners ? fact('Owners', t.owners.join(', ')) : null)),
      t.state === 'SUCCEEDED' && t.result !== undefined
        ? h('section', {class: 'card'}, h('h2', {}, 'Result'),
          h('pre', {class: 'json', id: 'detail-result'}, prettyJson(t.result))) : null,
      h('section', {class: 'card'},
        h('h2', {}, 'Attempts'),
        executions.length === 0 ? h('p', {class: 'muted'}, 'No attempt has ended yet.')
          : h('div', {class: 'table-wrap'}, h('table', {class: 'attempts'},
            h('thead', {}, h('tr', {},
              ['#', 'Started', 'Ended', 'Took', 'Outcome', 'Result or advice']
                .map((c) => h('th', {scope: 'col'}, c)))),
            h('tbody', {}, executions.map(attemptRow))))),
      h('section', {class: 'card'}, h('h2', {}, 'Arguments'),
        h('pre', {class: 'json'}, prettyJson(t.arguments))));
  }

  function openEditor() {
    editor = editForm(task, {
      onSaved: (saved) => {
        task = {...task, ...saved};
        closeEditor();
        ctx.toast('Saved your changes.');
      },
      onCancel: closeEditor,
    });
    replace(editSlot, editor.element);
    draw();
    editor.focus();
  }

  function closeEditor() {
    editor = null;
    replace(editSlot);
    draw();
    document.getElementById('detail-edit')?.focus();
  }

  function attemptRow(x) {
    return h('tr', {dataset: {attempt: x.attempt}},
      h('td', {}, String(x.attempt)),
      h('td', {title: x.startedAt}, dateTime(x.startedAt)),
      h('td', {title: x.finishedAt}, dateTime(x.finishedAt)),
      h('td', {}, took(x.startedAt, x.finishedAt)),
      h('td', {}, h('span', {class: `badge outcome-${String(x.outcome).toLowerCase()}`}, x.outcome)),
      h('td', {class: 'attempt-result'}, x.error ? errorAdvice(x.error, {compact: true})
        : h('code', {class: 'json-inline'}, prettyJson(x.result))));
  }

  async function act(action) {
    try {
      const result = await api.bulk(action, [task.id]);
      ctx.toast(bulkSummary(result));
      if (action === 'delete') ctx.navigate('#/tasks');
      else load();
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
  }

  let reloadTimer = null;
  load();
  return {
    refresh: load,
    onEvent: (e) => {
      if ((e.taskId ?? e.task?.id) !== id) return;
      if (e.task && (e.kind === 'PROGRESS' || e.kind === 'STARTED')) {
        task = {...task, ...e.task};
        draw();
      } else {
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(load, 100); // attempts and results change: read them again
      }
    },
    dispose: () => clearTimeout(reloadTimer),
  };
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function when(iso) {
  return h('span', {title: iso}, `${dateTime(iso)} (${relative(iso)})`);
}
