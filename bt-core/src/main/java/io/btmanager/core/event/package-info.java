/** Task events and the listeners that receive them. */
package io.btmanager.core.event;
