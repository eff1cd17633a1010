/** Task types: their handlers, the context a handler sees, retry policies and error advisors. */
package io.btmanager.core.definition;
