// "New task": pick a registered type and fill the form drawn from its argument schema, or start
// from a saved configuration and override some of its values. Name, description, priority, link
// and start time are the task's own.

import {api, ApiError} from './api.js';
import {h, replace, uid} from './dom.js';
import {FieldError, schemaForm} from './schemaform.js';

export function render(main, ctx, [presetConfiguration]) {
  let configurations = [];
  let form = null;
  const argsBox = h('div', {class: 'args'});
  const source = h('select', {id: 'new-source', onchange: () => choose()});
  const status = h('div', {class: 'form-status', role: 'status', 'aria-live': 'polite'});
  const options = taskOptions();
  const submit = h('button', {type: 'submit', class: 'button primary', id: 'new-submit'}, 'Start task');
  const saveAs = h('button', {type: 'button', class: 'button', id: 'new-save-config',
    onclick: () => saveConfiguration()}, 'Save as configuration…');

  replace(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'New task')),
    h('form', {class: 'card new-task', novalidate: true, onsubmit: (e) => { e.preventDefault(); start(); }},
      h('div', {class: 'field'}, h('label', {for: 'new-source'}, 'What to run'), source,
        h('div', {class: 'help'}, 'A task type, or one of your saved configurations of a type.')),
      h('fieldset', {}, h('legend', {}, 'Arguments'), argsBox),
      h('fieldset', {}, h('legend', {}, 'About this task'), options.element),
      status,
      h('div', {class: 'actions'}, submit, saveAs)));

  async function init() {
    try {
      configurations = await api.configurations();
      configurations = configurations.items ?? configurations;
    } catch {
      configurations = [];
    }
    replace(source,
      submittable().length ? h('optgroup', {label: 'Task types'},
        submittable().map((t) => h('option', {value: `type:${t.name}`}, t.title || t.name))) : null,
      configurations.length ? h('optgroup', {label: 'My configurations'},
        configurations.map((c) => h('option', {value: `configuration:${c.id}`}, `${c.name} (${c.type})`)))
        : null);
    if (presetConfiguration) source.value = `configuration:${presetConfiguration}`;
    if (!submittable().length && !configurations.length) {
      replace(argsBox, h('p', {}, 'No task type can be started from here.'));
      submit.disabled = true;
    }
    choose();
  }

  function submittable() {
    return ctx.types.filter((t) => t.submittable !== false);
  }

  function selected() {
    const [kind, ...rest] = source.value.split(':');
    const key = rest.join(':');
    if (kind === 'configuration') {
      const configuration = configurations.find((c) => c.id === key);
      return {configuration, type: ctx.types.find((t) => t.name === configuration?.type)};
    }
    return {type: ctx.types.find((t) => t.name === key)};
  }

  function choose() {
    const {type, configuration} = selected();
    if (!type) return;
    const initial = configuration ? parse(configuration.arguments) : {};
    form = schemaForm(type.argumentsSchema ?? {}, initial);
    replace(argsBox,
      type.description ? h('p', {class: 'help'}, type.description) : null,
      configuration ? h('p', {class: 'help'}, `Values saved in “${configuration.name}”; what you change here applies to this task only.`) : null,
      form.element);
    saveAs.hidden = Boolean(configuration);
  }

  function readArguments() {
    form.showErrors({});
    try {
      return form.value();
    } catch (e) {
      if (e instanceof FieldError) {
        form.showErrors({[e.path.join('.')]: e.reason});
        return null;
      }
      throw e;
    }
  }

  async function start() {
    const args = readArguments();
    if (!args) return;
    const {type, configuration} = selected();
    const body = {...options.value()};
    if (configuration) {
      body.configurationId = configuration.id;
      body.overrides = args;
    } else {
      body.type = type.name;
      body.arguments = args;
    }
    submit.disabled = true;
    status.textContent = 'Starting…';
    try {
      const created = await api.submit(body);
      const task = created.task ?? created;
      ctx.toast(created.joined
        ? 'The same work was already under way: it is now yours too, nothing new was started.'
        : `Started “${task.name || task.type}”.`);
      ctx.navigate(`#/task/${encodeURIComponent(task.id)}`);
    } catch (e) {
      showProblem(e);
    } finally {
      submit.disabled = false;
    }
  }

  async function saveConfiguration() {
    const args = readArguments();
    if (!args) return;
    const name = options.nameInput.value.trim();
    if (!name) {
      status.textContent = 'Give the configuration a name: type it in “Name” above, then save again.';
      options.nameInput.focus();
      return;
    }
    try {
      await api.saveConfiguration({type: selected().type.name, name, arguments: args});
      ctx.toast(`Saved “${name}”.`);
      init();
    } catch (e) {
      showProblem(e);
    }
  }

  function showProblem(e) {
    if (e instanceof ApiError) {
      const fields = e.fields;
      form.showErrors(fields);
      options.showErrors(fields);
      status.textContent = e.message;
    } else {
      status.textContent = String(e.message ?? e);
    }
    status.dataset.kind = 'error';
  }

  init();
  return {};
}

function parse(json) {
  if (!json) return {};
  if (typeof json === 'object') return json;
  try {
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** Name, description, priority, link and start time: a task's own fields. */
function taskOptions() {
  const ids = {name: uid('opt'), description: uid('opt'), priority: uid('opt'), link: uid('opt'), startAt: uid('opt')};
  const nameInput = h('input', {id: ids.name, type: 'text', maxlength: 200, autocomplete: 'off',
    placeholder: 'e.g. Resize the holiday photos'});
  const description = h('textarea', {id: ids.description, rows: 2, maxlength: 2000});
  const priority = h('select', {id: ids.priority},
    ['LOW', 'MEDIUM', 'HIGH'].map((p) => h('option', {value: p}, p.charAt(0) + p.slice(1).toLowerCase())));
  priority.value = 'MEDIUM';
  const link = h('input', {id: ids.link, type: 'url', placeholder: 'https://…', autocomplete: 'off'});
  const startAt = h('input', {id: ids.startAt, type: 'datetime-local'});
  const errors = {};
  const row = (key, label, input, help) => {
    errors[key] = h('div', {class: 'field-error', hidden: true, role: 'alert'});
    return h('div', {class: 'field'}, h('label', {for: ids[key]}, label), input,
      help ? h('div', {class: 'help'}, help) : null, errors[key]);
  };
  return {
    nameInput,
    element: h('div', {class: 'grid-2'},
      row('name', 'Name', nameInput),
      row('priority', 'Priority', priority),
      row('description', 'Description', description),
      h('div', {},
        row('link', 'Link', link, 'A page this task belongs to (http or https).'),
        row('startAt', 'Start at', startAt, 'Leave empty to start as soon as a worker is free.'))),
    value: () => {
      const v = {priority: priority.value};
      if (nameInput.value.trim()) v.name = nameInput.value.trim();
      if (description.value.trim()) v.description = description.value.trim();
      if (link.value.trim()) v.link = link.value.trim();
      if (startAt.value) v.startAt = new Date(startAt.value).toISOString();
      return v;
    },
    showErrors: (byPath) => {
      for (const [key, el] of Object.entries(errors)) {
        el.textContent = byPath[key] ?? '';
        el.hidden = !byPath[key];
      }
    },
  };
}
