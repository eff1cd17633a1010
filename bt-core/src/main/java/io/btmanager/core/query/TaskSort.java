package io.btmanager.core.query;

/** What a listing is ordered by; ties are broken by submission order. */
public enum TaskSort {
  /** When the task was first submitted. */
  CREATED_AT,
  /** When it finished; active tasks (no finish time) sort after finished ones when ascending. */
  FINISHED_AT,
  /** Its priority. */
  PRIORITY,
  /** Its name, alphabetically. */
  NAME
}
