/** Queries over tasks and the pages they return. */
package io.btmanager.core.query;
