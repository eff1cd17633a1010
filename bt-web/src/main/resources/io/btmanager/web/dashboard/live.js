// Live task events: WebSocket first, Server-Sent Events when a WebSocket cannot be opened.
// Reconnects with the last event id, so the server replays what was missed or answers with a
// reset (then the page refetches). The connection state is published for the header to show.

import {url} from './api.js';

/** How the pages stay current: pushed live, on a timer, or only when asked. */
export const REFRESH_MODES = [
  {value: 'live', label: 'Live'},
  {value: '5', label: 'Every 5 s'},
  {value: '15', label: 'Every 15 s'},
  {value: '60', label: 'Every 60 s'},
  {value: 'off', label: 'Off (by hand)'},
];

const RETRY_MS = [500, 1000, 2000, 5000, 10000];

export class Live {
  constructor({onEvent, onReset, onState}) {
    this.onEvent = onEvent;
    this.onReset = onReset;
    this.onState = onState;
    this.lastEventId = null;
    this.failures = 0;
    this.socket = null;
    this.source = null;
    this.timer = null;
    this.wanted = false;
    this.transport = 'websocket';
  }

  start() {
    if (this.wanted) return;
    this.wanted = true;
    this.open();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.timer);
    this.socket?.close();
    this.source?.close();
    this.socket = this.source = null;
    this.setState('off');
  }

  setState(state) {
    this.state = state;
    this.onState?.(state, this.transport);
  }

  open() {
    this.setState(this.failures ? 'reconnecting' : 'connecting');
    if (this.transport === 'websocket' && 'WebSocket' in window) this.openSocket();
    else this.openStream();
  }

  openSocket() {
    const u = url('push/ws', {lastEventId: this.lastEventId});
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    let opened = false;
    const socket = new WebSocket(u);
    this.socket = socket;
    socket.addEventListener('open', () => {
      opened = true;
      this.failures = 0;
      this.setState('live');
    });
    socket.addEventListener('message', (m) => this.receive(m.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // a socket that never opened (a proxy without WebSocket support): try the event stream
      if (!opened && this.failures >= 1) this.transport = 'sse';
      this.retry();
    });
  }

  openStream() {
    const source = new EventSource(url('push/sse', {lastEventId: this.lastEventId}));
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setState('live');
    });
    for (const type of ['message', 'task', 'reset']) {
      source.addEventListener(type, (m) => this.receive(m.data, m.lastEventId));
    }
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      this.retry();
    });
  }

  retry() {
    if (!this.wanted) return;
    this.failures += 1;
    this.setState('reconnecting');
    const delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
    this.timer = setTimeout(() => this.wanted && this.open(), delay);
  }

  receive(data, sseId) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return; // a ping or something this page does not know
    }
    if (message.type === 'reset') {
      this.lastEventId = null;
      this.reset();
    } else if (message.type === 'task') {
      const id = message.id ?? sseId;
      if (id) this.lastEventId = id;
      this.onEvent?.(message);
    }
    // 'hello' and 'ping' need nothing
  }

  reset() {
    this.onReset?.();
  }
}
