// The JSON API as the dashboard uses it: one place that knows the routes.
// Errors arrive as application/problem+json (RFC 9457) and are thrown as ApiError.

/**
 * Where the API lives: <meta name="bt-api" content="..."> when the page names it, else api/ next
 * to the page (the dashboard at /bt/, the API at /bt/api/ by default).
 */
export const API_BASE = new URL(
  document.querySelector('meta[name="bt-api"]')?.content ?? 'api/',
  document.baseURI,
);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /**
   * Field path -> message, for a form to show beside its inputs. The problem names one field:
   * a request field ("link") or a path into the arguments ("$.size.width").
   */
  get fields() {
    const {field, detail, accepted} = this.problem;
    if (!field) return {};
    const message = [detail, accepted && `Accepted: ${accepted}.`].filter(Boolean).join(' ');
    const path = field.replace(/^(arguments|overrides)?\$?\.?/, '');
    return {[field]: message, [path]: message};
  }
}

export function url(path, params) {
  const u = new URL(path.replace(/^\//, ''), API_BASE);
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, x));
    else u.searchParams.set(k, v);
  }
  return u;
}

async function call(method, path, {params, body} = {}) {
  const init = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url(path, params), init);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const get = (path, params) => call('GET', path, {params});
const post = (path, body) => call('POST', path, {body});
const patch = (path, body) => call('PATCH', path, {body});
const del = (path) => call('DELETE', path);
const enc = encodeURIComponent;

export const api = {
  me: () => get('me'),
  types: () => get('types'),

  tasks: (query) => get('tasks', query),
  task: (id) => get(`tasks/${enc(id)}`),
  executions: (id) => get(`tasks/${enc(id)}/executions`),
  group: (id) => get(`tasks/${enc(id)}/group`),
  submit: (body) => post('tasks', body),
  edit: (id, changes) => patch(`tasks/${enc(id)}`, changes),
  /** action: get, stop, delete or recreate; answers {results: [{taskId, outcome, task}], summary}. */
  bulk: (action, ids) => post(`tasks/bulk/${action}`, {ids}),
  /** The same action on every task of the user's (confirm first: it is not limited to a page). */
  bulkAll: (action) => post(`tasks/bulk/${action}`, {all: true}),

  configurations: () => get('configurations'),
  saveConfiguration: (body) => post('configurations', body),
  updateConfiguration: (id, body) => patch(`configurations/${enc(id)}`, body),
  deleteConfiguration: (id) => del(`configurations/${enc(id)}`),
  deleteUnusedConfigurations: () => post('configurations/delete-unused', {}),

  schedules: () => get('schedules'),
  createSchedule: (body) => post('schedules', body),
  deleteSchedule: (id) => del(`schedules/${enc(id)}`),

  adminTasks: (query) => get('admin/tasks', query),
};
