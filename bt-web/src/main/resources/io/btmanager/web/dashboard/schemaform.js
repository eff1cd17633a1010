// A form drawn from a JSON Schema of a task type's arguments: strings, numbers, integers,
// booleans, enums, nested objects and arrays of simple values; anything else is edited as JSON.
// Returns {element, value(), showErrors(fields)}.

import {h, uid} from './dom.js';

export function schemaForm(schema, initial = {}) {
  const root = resolve(schema, schema);
  const fields = [];
  const element = h('div', {class: 'schema-form'}, objectFields(root, schema, [], initial ?? {}, fields));
  return {
    element,
    value: () => collect(fields),
    showErrors: (byPath) => {
      for (const f of fields) {
        const message = byPath[f.path.join('.')] ?? byPath[`/${f.path.join('/')}`]
          ?? byPath[`arguments.${f.path.join('.')}`];
        f.error.textContent = message ?? '';
        f.error.hidden = !message;
        f.input.setAttribute('aria-invalid', message ? 'true' : 'false');
      }
    },
  };
}

function resolve(node, schema) {
  let n = node ?? {};
  for (let i = 0; i < 10 && n.$ref; i++) {
    const path = n.$ref.replace(/^#\//, '').split('/');
    n = path.reduce((o, k) => (o ? o[k] : undefined), schema) ?? {};
  }
  return n;
}

function typeOf(node) {
  const t = Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
  if (t) return t;
  if (node.enum) return 'string';
  if (node.properties) return 'object';
  return undefined;
}

function objectFields(node, schema, path, values, fields) {
  const required = new Set(node.required ?? []);
  const props = Object.entries(node.properties ?? {});
  if (!props.length) return h('p', {class: 'muted'}, 'This task type takes no arguments.');
  return props.map(([name, child]) =>
    field(name, resolve(child, schema), schema, [...path, name], values?.[name], required.has(name), fields));
}

function field(name, node, schema, path, value, required, fields) {
  const type = typeOf(node);
  const label = node.title ?? humanize(name);
  if (type === 'object' && node.properties) {
    return h('fieldset', {class: 'nested'}, h('legend', {}, label),
      objectFields(node, schema, path, value ?? {}, fields));
  }
  const id = uid('arg');
  const help = node.description ? h('div', {class: 'help', id: `${id}-help`}, node.description) : null;
  const error = h('div', {class: 'field-error', id: `${id}-error`, hidden: true, role: 'alert'});
  const describedBy = [help && `${id}-help`, `${id}-error`].filter(Boolean).join(' ');
  let input;
  let read;
  const itemType = type === 'array' ? typeOf(resolve(node.items, schema)) : null;
  if (node.enum) {
    input = h('select', {id, required, 'aria-describedby': describedBy},
      required ? null : h('option', {value: ''}, '—'),
      node.enum.map((v) => h('option', {value: String(v)}, String(v))));
    if (value !== undefined) input.value = String(value);
    read = () => (input.value === '' ? undefined : node.enum.find((v) => String(v) === input.value));
  } else if (type === 'boolean') {
    input = h('input', {id, type: 'checkbox', checked: Boolean(value ?? node.default),
      'aria-describedby': describedBy});
    read = () => input.checked;
  } else if (type === 'integer' || type === 'number') {
    input = h('input', {id, type: 'number', required, step: type === 'integer' ? '1' : 'any',
      min: node.minimum, max: node.maximum, value: value ?? node.default ?? '',
      'aria-describedby': describedBy});
    read = () => (input.value === '' ? undefined : Number(input.value));
  } else if (type === 'string') {
    input = h('input', {id, type: node.format === 'uri' ? 'url' : 'text', required,
      minlength: node.minLength, maxlength: node.maxLength, pattern: node.pattern,
      value: value ?? node.default ?? '', 'aria-describedby': describedBy, autocomplete: 'off'});
    read = () => (input.value === '' ? undefined : input.value);
  } else if (type === 'array' && ['string', 'integer', 'number'].includes(itemType)) {
    input = h('input', {id, type: 'text', required, 'aria-describedby': describedBy,
      value: Array.isArray(value) ? value.join(', ') : '', placeholder: 'values separated by commas'});
    read = () => {
      if (input.value.trim() === '') return undefined;
      const parts = input.value.split(',').map((s) => s.trim()).filter(Boolean);
      return itemType === 'string' ? parts : parts.map(Number);
    };
  } else {
    input = h('textarea', {id, rows: 3, class: 'code', 'aria-describedby': describedBy,
      placeholder: 'JSON'}, value === undefined ? '' : JSON.stringify(value, null, 2));
    read = () => {
      if (input.value.trim() === '') return undefined;
      try {
        return JSON.parse(input.value);
      } catch {
        throw new FieldError(path, 'is not valid JSON');
      }
    };
  }
  fields.push({path, input, read, error, required});
  const labelEl = h('label', {for: id}, label, required ? h('span', {class: 'req', 'aria-hidden': 'true'}, ' *') : null);
  return type === 'boolean'
    ? h('div', {class: 'field check'}, input, labelEl, help, error)
    : h('div', {class: 'field'}, labelEl, input, help, error);
}

export class FieldError extends Error {
  constructor(path, message) {
    super(`${path.join('.')} ${message}`);
    this.path = path;
    this.reason = message;
  }
}

function collect(fields) {
  const out = {};
  for (const f of fields) {
    const v = f.read();
    if (v === undefined) continue;
    let o = out;
    for (const key of f.path.slice(0, -1)) o = o[key] ??= {};
    o[f.path[f.path.length - 1]] = v;
  }
  return out;
}

function humanize(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
