/**
 * bt-manager's core: the {@code TaskManager} facade and its views (the API), the model, the
 * definitions, queries, events and exceptions, the SPIs a store or an executor implements, and the
 * in-memory store. The engine ({@code io.btmanager.core.internal}) is not exported: no host, store
 * or executor reaches it.
 */
module io.btmanager.core {
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.cronutils;
  requires com.github.victools.jsonschema.generator;

  exports io.btmanager.core;
  exports io.btmanager.core.definition;
  exports io.btmanager.core.event;
  exports io.btmanager.core.exception;
  exports io.btmanager.core.memory;
  exports io.btmanager.core.query;
  exports io.btmanager.core.spi;
  exports io.btmanager.core.task;
}
