-- Relata schema 1. Timestamps are unix milliseconds (UTC) from the app's clock; deleted_at marks the trash.
-- Sort keys (`sort_name`, `name_key`) are computed in Rust, because SQLite's lower() only folds ASCII.

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    sort_name   TEXT NOT NULL,
    domain      TEXT,
    industry    TEXT,
    size        TEXT,
    street      TEXT,
    postal_code TEXT,
    city        TEXT,
    region      TEXT,
    country     TEXT,
    phone       TEXT,
    website     TEXT,
    owner       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX companies_sort_name ON companies (sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_name_key ON companies (name_key) WHERE deleted_at IS NULL;
CREATE INDEX companies_industry ON companies (industry, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_created ON companies (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_updated ON companies (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner ON companies (owner) WHERE deleted_at IS NULL;
CREATE INDEX companies_deleted ON companies (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE people (
    id                INTEGER PRIMARY KEY,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    sort_name         TEXT NOT NULL,
    street            TEXT,
    postal_code       TEXT,
    city              TEXT,
    region            TEXT,
    country           TEXT,
    -- JSON array of {network, url}: always read and written as a whole with the person.
    socials           TEXT NOT NULL DEFAULT '[]',
    company_id        INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    job_title         TEXT,
    owner             TEXT,
    source            TEXT,
    preferred_channel TEXT,
    language          TEXT,
    lifecycle         TEXT NOT NULL DEFAULT 'lead',
    lead_status       TEXT,
    external_id       TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    deleted_at        INTEGER
);
CREATE UNIQUE INDEX people_external_id ON people (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX people_sort_name ON people (sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX people_company ON people (company_id);
CREATE INDEX people_lifecycle ON people (lifecycle, id) WHERE deleted_at IS NULL;
CREATE INDEX people_created ON people (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX people_updated ON people (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX people_owner ON people (owner) WHERE deleted_at IS NULL;
CREATE INDEX people_deleted ON people (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE person_emails (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
) WITHOUT ROWID;
CREATE INDEX person_emails_value ON person_emails (value);

CREATE TABLE person_phones (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
) WITHOUT ROWID;
CREATE INDEX person_phones_value ON person_phones (value);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- Lower-cased name: tags are unique case-insensitively, in every script.
    key  TEXT NOT NULL UNIQUE
);

-- Tags of people and companies (entity = 'person' | 'company'); no foreign key, so purge removes them.
CREATE TABLE taggings (
    entity    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (entity, record_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX taggings_tag ON taggings (tag_id, entity, record_id);

CREATE TABLE pipelines (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    system_key TEXT UNIQUE,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE stages (
    id          INTEGER PRIMARY KEY,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    system_key  TEXT,
    position    INTEGER NOT NULL,
    probability INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (pipeline_id, system_key)
);
CREATE INDEX stages_pipeline ON stages (pipeline_id, position);

CREATE TABLE deals (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    value_minor    INTEGER NOT NULL CHECK (value_minor >= 0),
    currency       TEXT NOT NULL,
    pipeline_id    INTEGER NOT NULL REFERENCES pipelines (id),
    stage_id       INTEGER NOT NULL REFERENCES stages (id),
    expected_close TEXT,
    probability    INTEGER CHECK (probability BETWEEN 0 AND 100),
    status         TEXT NOT NULL DEFAULT 'open',
    lost_reason    TEXT,
    closed_at      INTEGER,
    person_id      INTEGER REFERENCES people (id) ON DELETE SET NULL,
    company_id     INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    owner          TEXT,
    position       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);
CREATE INDEX deals_board ON deals (stage_id, status, position, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_pipeline ON deals (pipeline_id);
CREATE INDEX deals_created ON deals (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_person ON deals (person_id);
CREATE INDEX deals_company ON deals (company_id);
CREATE INDEX deals_deleted ON deals (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    direction     TEXT,
    subject       TEXT NOT NULL DEFAULT '',
    body          TEXT,
    occurred_at   INTEGER NOT NULL,
    duration_secs INTEGER,
    person_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
    company_id    INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    deal_id       INTEGER REFERENCES deals (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE INDEX activities_timeline ON activities (occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_person ON activities (person_id, occurred_at);
CREATE INDEX activities_company ON activities (company_id, occurred_at);
CREATE INDEX activities_deal ON activities (deal_id, occurred_at);
CREATE INDEX activities_deleted ON activities (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    notes      TEXT,
    due_at     INTEGER NOT NULL,
    remind_at  INTEGER,
    done_at    INTEGER,
    person_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
    company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    deal_id    INTEGER REFERENCES deals (id) ON DELETE SET NULL,
    owner      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX tasks_due ON tasks (due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_open_due ON tasks (due_at, id) WHERE deleted_at IS NULL AND done_at IS NULL;
CREATE INDEX tasks_remind ON tasks (remind_at) WHERE deleted_at IS NULL AND done_at IS NULL;
CREATE INDEX tasks_person ON tasks (person_id);
CREATE INDEX tasks_company ON tasks (company_id);
CREATE INDEX tasks_deal ON tasks (deal_id);
CREATE INDEX tasks_deleted ON tasks (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE custom_field_defs (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    choices    TEXT NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (entity, key)
);

-- One JSON value per record and field; record_id is polymorphic, so purge removes these explicitly.
CREATE TABLE custom_values (
    entity    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    def_id    INTEGER NOT NULL REFERENCES custom_field_defs (id) ON DELETE CASCADE,
    value     TEXT NOT NULL,
    PRIMARY KEY (entity, record_id, def_id)
) WITHOUT ROWID;
CREATE INDEX custom_values_def ON custom_values (def_id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Search indexes hold folded text written by the services (rowid = the record's id).
CREATE VIRTUAL TABLE people_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE companies_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE deals_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
