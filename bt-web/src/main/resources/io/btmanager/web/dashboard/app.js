// The dashboard's shell: who is signed in, the router, the theme, the refresh mode (live push,
// a timer, or by hand) and the connection state in the header. Each page is a module whose
// render(main, ctx) returns an object with optional refresh(), onEvent(e) and dispose().

import {api} from './api.js';
import {h, replace} from './dom.js';
import {Live, REFRESH_MODES} from './live.js';
import * as tasksPage from './tasks.js';
import * as detailPage from './detail.js';
import * as createPage from './create.js';
import * as configurationsPage from './configurations.js';
import * as schedulesPage from './schedules.js';
import * as adminPage from './admin.js';

const ROUTES = {
  tasks: tasksPage,
  task: detailPage,
  new: createPage,
  configurations: configurationsPage,
  schedules: schedulesPage,
  admin: adminPage,
};


const main = document.getElementById('main');
const connection = document.getElementById('connection');
let page = null;
let timer = null;
let liveState = 'off';
let connectedBefore = false;

const ctx = {
  me: null,
  types: [],
  mode: localStorage.getItem('bt.refresh') || 'live',
  setMode,
  refresh: () => page?.refresh?.(),
  toast,
  navigate: (hash) => {
    location.hash = hash;
  },
};

const live = new Live({
  onEvent: (e) => {
    announce(e);
    page?.onEvent?.(e);
  },
  onReset: () => page?.refresh?.(),
  onState: (state) => {
    const wasLive = liveState === 'live';
    liveState = state;
    showConnection();
    // events missed while the connection was down (or live updates were off): refetch once
    // it is back; the page has just fetched at the first connection
    if (state === 'live' && !wasLive && connectedBefore) page?.refresh?.();
    if (state === 'live') connectedBefore = true;
  },
});

function setMode(mode) {
  ctx.mode = REFRESH_MODES.some((m) => m.value === mode) ? mode : 'live';
  localStorage.setItem('bt.refresh', ctx.mode);
  clearInterval(timer);
  timer = null;
  if (ctx.mode === 'live') {
    live.start();
  } else {
    live.stop();
    if (ctx.mode !== 'off') timer = setInterval(() => ctx.refresh(), Number(ctx.mode) * 1000);
  }
  showConnection();
}

function showConnection() {
  let text;
  let kind;
  if (ctx.mode === 'live') {
    text = {live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…'}[liveState]
      ?? 'Offline';
    kind = liveState === 'live' ? 'ok' : 'warn';
  } else if (ctx.mode === 'off') {
    text = 'Refresh by hand';
    kind = 'idle';
  } else {
    text = `Refreshing every ${ctx.mode} s`;
    kind = 'idle';
  }
  connection.textContent = text;
  connection.dataset.kind = kind;
  connection.dataset.state = ctx.mode === 'live' ? liveState : ctx.mode;
  connection.title = ctx.mode === 'live'
    ? 'Changes arrive as they happen (WebSocket)'
    : 'Live updates are off; choose Live in the refresh menu to turn them on';
}

const ENDINGS = {SUCCEEDED: 'finished', FAILED: 'failed', CANCELLED: 'was stopped'};

/** Tells screen-reader users when one of their tasks ends, without moving their focus. */
function announce(e) {
  const ending = ENDINGS[e.kind];
  if (ending && e.task) {
    document.getElementById('announce').textContent = `${e.task.name || e.task.type} ${ending}.`;
  }
}

let toastTimer = null;
function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.dataset.kind = kind;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 6000);
}

function route() {
  const [, name = 'tasks', ...rest] = location.hash.split('/');
  const module = ROUTES[name] ?? tasksPage;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  page?.dispose?.();
  replace(main);
  page = module.render(main, ctx, rest.map(decodeURIComponent)) ?? null;
}

function setUpTheme() {
  const button = document.getElementById('theme');
  const saved = localStorage.getItem('bt.theme');
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  const apply = (isDark) => {
    document.documentElement.dataset.theme = isDark ? 'dark' : 'light';
    button.setAttribute('aria-label', isDark ? 'Switch to light theme' : 'Switch to dark theme');
    button.title = button.getAttribute('aria-label');
    button.textContent = isDark ? '☀' : '☾';
  };
  apply(dark);
  button.addEventListener('click', () => {
    const isDark = document.documentElement.dataset.theme !== 'dark';
    localStorage.setItem('bt.theme', isDark ? 'dark' : 'light');
    apply(isDark);
  });
}

/**
 * The signed-in user; with the server's development resolver (demo users to switch between, the
 * user chosen by a cookie) a menu that switches user and reloads.
 */
function showUser(me) {
  const whoami = document.getElementById('whoami');
  const users = me.devUsers ?? [];
  if (users.length < 2) {
    whoami.textContent = me.user;
    return;
  }
  const select = h('select', {id: 'switch-user', 'aria-label': 'Demo user (development only)',
    onchange: () => {
      document.cookie = `bt-dev-user=${encodeURIComponent(select.value)}; path=/; SameSite=Strict`;
      location.reload();
    }}, users.map((u) => h('option', {value: u}, u)));
  select.value = me.user;
  whoami.title = 'Demo users: switch to see another user\u2019s tasks';
  replace(whoami, select);
}

/**
 * ?as=<user> picks the demo user of the server's development resolver (it reads the cookie
 * bt-dev-user; every other resolver ignores it), then reloads without the parameter.
 */
function switchUserFromUrl() {
  const params = new URLSearchParams(location.search);
  const as = params.get('as');
  if (!as) return false;
  document.cookie = `bt-dev-user=${encodeURIComponent(as)}; path=/; SameSite=Strict`;
  params.delete('as');
  const rest = params.toString();
  location.replace(`${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  return true;
}

async function start() {
  if (switchUserFromUrl()) return;
  setUpTheme();
  try {
    ctx.me = await api.me();
  } catch (e) {
    replace(main, h('div', {class: 'card error-box', role: 'alert'},
      h('h1', {}, 'The dashboard cannot reach the task service'),
      h('p', {}, e.message),
      h('p', {}, 'Reload the page in a moment; if it keeps failing, sign in again.')));
    connection.textContent = 'Offline';
    connection.dataset.kind = 'warn';
    return;
  }
  showUser(ctx.me);
  document.getElementById('nav-admin').hidden = !ctx.me.admin;
  try {
    ctx.types = await api.types();
  } catch {
    ctx.types = [];
  }
  window.addEventListener('hashchange', route);
  route();
  setMode(ctx.mode);
}

start();
