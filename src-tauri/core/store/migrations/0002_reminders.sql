-- Reminder delivery and recurrence on tasks.
-- repeat:       the canonical RRULE subset text (services/recurrence.rs); NULL for a one-off task.
-- time_zone:    the IANA zone the rule is evaluated in; NULL means UTC.
-- repeat_local: this occurrence's intended local wall-clock time (YYYY-MM-DDTHH:MM:SS). It differs from
--               due_at seen in time_zone only when that time fell in a DST gap, and keeps the series from
--               drifting to the moved time.
-- occurrence:   1-based index in its series, for COUNT.
-- notified_at:  when the reminder was delivered; NULL while pending. Set only by a conditional update, so a
--               reminder is delivered once however many callers race.
ALTER TABLE tasks ADD COLUMN repeat TEXT;
ALTER TABLE tasks ADD COLUMN time_zone TEXT;
ALTER TABLE tasks ADD COLUMN repeat_local TEXT;
ALTER TABLE tasks ADD COLUMN occurrence INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN notified_at INTEGER;

-- The scheduler's two questions (what is due, when is the next one) read only pending reminders.
CREATE INDEX tasks_pending ON tasks (COALESCE(remind_at, due_at), id)
    WHERE deleted_at IS NULL AND done_at IS NULL AND notified_at IS NULL;
