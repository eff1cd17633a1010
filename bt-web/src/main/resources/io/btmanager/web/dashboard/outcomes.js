// What a bulk call did to each task, in one sentence.

const WORDS = {
  CANCELLED: 'stopped',
  CANCEL_REQUESTED: 'stopping',
  DETACHED: 'removed from your list (others still use them)',
  ALREADY_FINISHED: 'already finished',
  DELETED: 'deleted',
  NOT_FOUND: 'not found',
  CREATED: 'started again',
  JOINED: 'joined a copy that was already running',
  FOUND: 'found',
};

/** The per-id results of a bulk response, whichever envelope the server used. */
export function resultsOf(response) {
  if (Array.isArray(response)) return response;
  return response?.results ?? response?.items ?? [];
}

export function bulkSummary(action, response) {
  const counts = new Map();
  for (const r of resultsOf(response)) {
    const outcome = r.outcome ?? r.status;
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  if (!counts.size) return 'Nothing to do.';
  return [...counts].map(([o, n]) => `${n} ${WORDS[o] ?? String(o).toLowerCase()}`).join(', ') + '.';
}
