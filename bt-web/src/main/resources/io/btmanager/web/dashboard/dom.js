// Builds DOM nodes without innerHTML: every text goes in through textContent, so a task name
// or an error message can never inject markup (and the strict CSP forbids inline code anyway).

/**
 * h('button', {class: 'x', onclick: f, 'aria-label': 'Stop'}, 'Stop') -> HTMLButtonElement.
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 * Children may be strings, numbers, nodes, arrays of them, or null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value; // properties such as checked, value, disabled, indeterminate
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces every child of el with the given children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A link only when the URL is http(s); anything else (javascript:, data:) is shown as text. */
export function safeLink(url, text) {
  try {
    const u = new URL(url, document.baseURI);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return h('a', {href: u.href, rel: 'noopener noreferrer', target: '_blank'}, text ?? u.href);
    }
  } catch {
    // not a URL at all: fall through and show it as text
  }
  return h('span', {class: 'muted'}, text ?? String(url));
}

let idCounter = 0;
/** A fresh id for label/for and aria-describedby pairs. */
export function uid(prefix = 'bt') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
