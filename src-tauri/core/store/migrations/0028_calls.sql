-- Call facts of a logged call (an activity of kind 'call', whose direction and duration_secs, the talk time,
-- it keeps using); NULL on every other activity and on calls logged before this migration. Columns on
-- activities rather than a table of their own: one row per call, no join on the timeline, and they travel
-- with the activity in team sync. The audit triggers of activities are generated again after this step.
ALTER TABLE activities ADD COLUMN call_outcome TEXT
    CHECK (call_outcome IS NULL OR call_outcome IN ('answered', 'no_answer', 'voicemail', 'busy'));
ALTER TABLE activities ADD COLUMN call_wait_secs INTEGER CHECK (call_wait_secs IS NULL OR call_wait_secs >= 0);
ALTER TABLE activities ADD COLUMN call_agent TEXT;
ALTER TABLE activities ADD COLUMN call_number TEXT;
ALTER TABLE activities ADD COLUMN call_number_e164 TEXT;
-- The call figures of a period (support metrics).
CREATE INDEX activities_calls ON activities (occurred_at) WHERE kind = 'call' AND deleted_at IS NULL;
