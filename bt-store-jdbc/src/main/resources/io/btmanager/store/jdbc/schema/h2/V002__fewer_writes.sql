-- bt-manager schema, version 2 (H2): the node that ran a task's last attempt; with the row's other
-- columns it is that attempt's execution, so a finished task needs no execution row for it.
ALTER TABLE bt_task ADD COLUMN ran_on VARCHAR(100);
