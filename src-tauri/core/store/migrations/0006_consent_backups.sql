-- GDPR: consent events per person, and a log of erasures that holds no personal data.
-- Consent is a history: each row is one event (given or withdrawn) for a channel and purpose; the newest
-- event per (channel, purpose) is the current state. Rows go with the person (an erasure deletes them).
CREATE TABLE consents (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('given', 'withdrawn')),
    at         INTEGER NOT NULL,
    source     TEXT,
    note       TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, at, id);

-- What an erasure removed, by count only: the person's id is kept so a repeated request can be answered,
-- never their name, addresses or anything else about them.
CREATE TABLE erasures (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    erased_at INTEGER NOT NULL,
    counts    TEXT NOT NULL
);
