/**
 * The web face of a {@link io.btmanager.core.TaskManager}: a JSON API, live push over WebSocket and
 * Server-Sent Events, and a dashboard, each scoped to the signed-in user. Build a {@link
 * io.btmanager.web.BtWeb}, then mount its servlet in the host's container or start a {@link
 * io.btmanager.web.BtWebServer}. Nulls are not accepted unless a parameter says so.
 */
package io.btmanager.web;
