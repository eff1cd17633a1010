// Times, durations and states in words a person reads at a glance.

const STATE_LABELS = {
  PENDING: 'Waiting',
  SCHEDULED: 'Scheduled',
  RUNNING: 'Running',
  SUCCEEDED: 'Done',
  FAILED: 'Failed',
  CANCELLED: 'Stopped',
};

export const ACTIVE_STATES = ['PENDING', 'SCHEDULED', 'RUNNING'];
export const ALL_STATES = Object.keys(STATE_LABELS);

export function stateLabel(state) {
  return STATE_LABELS[state] ?? state;
}

export function isActive(task) {
  return ACTIVE_STATES.includes(task.state);
}

/** "3 s", "4 min", "2 h 5 min", "3 days" for a span in milliseconds. */
export function span(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** "in 40 s" / "5 min ago" relative to now. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const delta = Date.parse(iso) - now;
  if (Math.abs(delta) < 1500) return 'now';
  return delta > 0 ? `in ${span(delta)}` : `${span(-delta)} ago`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

/** A full local date and time, for title attributes and the detail page. */
export function dateTime(iso) {
  return iso ? DATE_TIME.format(new Date(iso)) : '';
}

/** The time between two instants, e.g. an attempt's duration. */
export function took(fromIso, toIso) {
  if (!fromIso || !toIso) return '';
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return ms < 1000 ? `${ms} ms` : span(ms);
}

/** The end of an id (its random part), for display; the whole id stays in the title. */
export function shortId(id) {
  return id ? id.slice(-8) : '';
}

/** Percent 0..100 of a progress object {done, total}. */
export function percent(progress) {
  if (!progress || !progress.total) return 0;
  return Math.floor((progress.done * 100) / progress.total);
}

/** Pretty JSON for results and arguments; strings that are not JSON come back as they are. */
export function prettyJson(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}
