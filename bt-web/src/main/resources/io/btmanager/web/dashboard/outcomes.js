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
  NOT_FINISHED: 'not finished yet (only finished tasks run again)',
};

/** One sentence from a bulk response's summary (outcome -> count). */
export function bulkSummary(response) {
  const counts = Object.entries(response?.summary ?? {}).filter(([, n]) => n > 0);
  if (!counts.length) return 'Nothing to do.';
  return counts.map(([o, n]) => `${n} ${WORDS[o] ?? String(o).toLowerCase()}`).join(', ') + '.';
}
