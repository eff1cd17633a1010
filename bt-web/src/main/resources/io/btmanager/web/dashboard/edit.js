// The form that edits a task's own fields: name, description, link and priority (PATCH tasks/{id}).
// Only what changed is sent; the priority can change only while the task waits, as the API says.

import {api, ApiError} from './api.js';
import {h, uid} from './dom.js';

const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'];
const WAITING = new Set(['PENDING', 'SCHEDULED']);

/**
 * A card with the form, filled from the task. onSaved(task) gets the task as the server answers
 * after the change; onCancel() is called on Cancel or Escape. focus() puts the cursor in the name.
 */
export function editForm(task, {onSaved, onCancel}) {
  const ids = {name: uid('edit'), description: uid('edit'), link: uid('edit'), priority: uid('edit')};
  const name = h('input', {id: ids.name, name: 'name', type: 'text', maxlength: 200,
    autocomplete: 'off', value: task.name ?? ''});
  const description = h('textarea', {id: ids.description, name: 'description', rows: 3,
    maxlength: 4000}, task.description ?? '');
  const link = h('input', {id: ids.link, name: 'link', type: 'url', autocomplete: 'off',
    placeholder: 'https://…', value: task.link ?? ''});
  const waits = WAITING.has(task.state);
  const priority = h('select', {id: ids.priority, name: 'priority', disabled: !waits},
    PRIORITIES.map((p) => h('option', {value: p}, p.charAt(0) + p.slice(1).toLowerCase())));
  priority.value = task.priority ?? 'MEDIUM';
  const status = h('div', {class: 'form-status', role: 'status', 'aria-live': 'polite'});
  const save = h('button', {type: 'submit', class: 'button primary', id: 'edit-save'}, 'Save changes');
  const errors = {};
  const inputs = {name, description, link, priority};

  const row = (key, label, input, help) => {
    errors[key] = h('div', {class: 'field-error', id: `${ids[key]}-error`, hidden: true});
    const helpEl = help ? h('div', {class: 'help', id: `${ids[key]}-help`}, help) : null;
    input.setAttribute('aria-describedby',
      [helpEl && helpEl.id, errors[key].id].filter(Boolean).join(' '));
    return h('div', {class: 'field'}, h('label', {for: ids[key]}, label), input, helpEl, errors[key]);
  };

  const form = h('form', {class: 'card edit-task', id: 'edit-form', novalidate: true,
    'aria-labelledby': `${ids.name}-title`,
    onsubmit: (e) => {
      e.preventDefault();
      submit();
    },
    onkeydown: (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel();
      }
    }},
  h('h2', {id: `${ids.name}-title`}, 'Edit this task'),
  h('div', {class: 'grid-2'},
    h('div', {},
      row('name', 'Name', name),
      row('description', 'Description', description)),
    h('div', {},
      row('link', 'Link', link, 'A page this task belongs to (http or https). Empty removes it.'),
      row('priority', 'Priority', priority, waits
        ? 'A higher priority moves it up the queue.'
        : 'The priority can change only while the task waits to start.'))),
  status,
  h('div', {class: 'actions'}, save,
    h('button', {type: 'button', class: 'button', id: 'edit-cancel', onclick: () => onCancel()},
      'Cancel')));

  /** The fields that differ from the task as it was shown; link null removes it. */
  function changes() {
    const out = {};
    const n = name.value.trim();
    if (n !== (task.name ?? '')) out.name = n;
    const d = description.value.trim();
    if (d !== (task.description ?? '')) out.description = d;
    const l = link.value.trim();
    if (l !== (task.link ?? '')) out.link = l || null;
    if (waits && priority.value !== task.priority) out.priority = priority.value;
    return out;
  }

  function showErrors(byField) {
    for (const [key, el] of Object.entries(errors)) {
      el.textContent = byField[key] ?? '';
      el.hidden = !byField[key];
      inputs[key].setAttribute('aria-invalid', byField[key] ? 'true' : 'false');
    }
    const first = Object.keys(errors).find((k) => byField[k]);
    if (first) inputs[first].focus();
  }

  async function submit() {
    showErrors({});
    status.dataset.kind = '';
    const body = changes();
    if (!Object.keys(body).length) {
      status.textContent = 'Nothing changed.';
      return;
    }
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      const saved = await api.edit(task.id, body);
      status.textContent = '';
      onSaved(saved);
    } catch (e) {
      const field = e instanceof ApiError ? e.problem.field : null;
      if (field && errors[field]) {
        const {accepted} = e.problem;
        showErrors({[field]: accepted ? `Not accepted. Use ${accepted}.` : e.message});
        status.textContent = 'Nothing was saved: correct the marked field, then save again.';
      } else {
        status.textContent = `Nothing was saved: ${e.message}`;
      }
      status.dataset.kind = 'error';
    } finally {
      save.disabled = false;
    }
  }

  return {element: form, focus: () => name.focus()};
}
