-- Tasks and notes the app writes itself (a lead turning hot) carry what happened as a typed event (JSON of
-- domain::SystemEvent), rendered in each reader's language, instead of an English sentence. NULL on every
-- other row, and on the rows written before this column: they keep their stored text.
ALTER TABLE tasks ADD COLUMN system_event TEXT;
ALTER TABLE activities ADD COLUMN system_event TEXT;
