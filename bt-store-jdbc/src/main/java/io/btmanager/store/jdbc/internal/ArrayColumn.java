package io.btmanager.store.jdbc.internal;

import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A statement parameter that carries one column of many rows, as an array that PostgreSQL's
 * {@code unnest} turns back into rows: its name, its element type and how a row gives its value.
 *
 * @param <T> what a row is made from
 */
record ArrayColumn<T>(String name, Class<?> type, Function<T, Object> value) {

  /** Binds each column's values for {@code rows}, in their order, as one array per column. */
  static <T> void bindAll(SqlStatement<?> statement, List<ArrayColumn<T>> columns, List<T> rows) {
    for (ArrayColumn<T> c : columns) {
      Object[] values = new Object[rows.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = c.value().apply(rows.get(i));
      }
      statement.bindArray(c.name(), c.type(), values);
    }
  }
}
