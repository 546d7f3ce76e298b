/**
 * Versioned migrations of the store, applied in order, all in one exclusive transaction (database.ts).
 * The store's version is SQLite's `user_version`. Never edit a shipped migration: add the next one.
 * Tables follow ../shared/design.md: identity, runs, transfers (the log), links, checkpoints, lock.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  -- Which systems this store belongs to (design, "Identity"). One row per role.
  CREATE TABLE identity (
    role        TEXT PRIMARY KEY CHECK (role IN ('webshop', 'rackbeat', 'economic')),
    system      TEXT NOT NULL,           -- woocommerce | shopify | rackbeat | economic
    instance_id TEXT NOT NULL,           -- shop URL, Rackbeat account id, e-conomic agreement number
    label       TEXT NOT NULL,           -- a name people recognise
    bound_at    TEXT NOT NULL
  );

  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    flow        TEXT NOT NULL,           -- orders | products | stock | fulfilment
    command     TEXT NOT NULL,           -- the command line, secrets never included
    dry_run     INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    result      TEXT,                    -- ok | failed | stopped | crashed (NULL while running)
    exit_code   INTEGER,
    counts      TEXT,                    -- JSON: per leg {ok, skipped, failed, unknown, dryRun}
    message     TEXT
  );

  -- The transfer log: append-only; a normal run deletes nothing.
  CREATE TABLE transfers (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER REFERENCES runs(id),
    at             TEXT NOT NULL,        -- ISO 8601 UTC with Z
    flow           TEXT NOT NULL,
    leg            TEXT NOT NULL,        -- e.g. webshop-rackbeat, rackbeat-economic
    stage          TEXT NOT NULL,        -- pulled | mapped | created | adopted | updated | booked | ...
    status         TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'failed', 'pending', 'unknown', 'dry-run')),
    source_system  TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    source_number  TEXT,
    target_system  TEXT,
    target_id      TEXT,
    target_number  TEXT,
    link_id        INTEGER,
    message        TEXT,
    hint           TEXT,
    duration_ms    INTEGER,
    source_payload TEXT,                 -- JSON, secrets redacted
    target_payload TEXT                  -- JSON, secrets redacted
  );
  CREATE INDEX transfers_at ON transfers (at);
  CREATE INDEX transfers_source ON transfers (source_id);
  CREATE INDEX transfers_source_number ON transfers (source_number);
  CREATE INDEX transfers_run ON transfers (run_id);
  CREATE INDEX transfers_link ON transfers (link_id);

  -- One row per (leg, step, source instance, source id): what became of a source record.
  CREATE TABLE links (
    id               INTEGER PRIMARY KEY,
    flow             TEXT NOT NULL,
    leg              TEXT NOT NULL,
    step             TEXT NOT NULL,      -- e.g. create-order, book-order, create-document, customer
    source_system    TEXT NOT NULL,
    source_instance  TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    source_number    TEXT,
    target_system    TEXT NOT NULL,
    target_id        TEXT,
    target_number    TEXT,
    reference        TEXT,               -- the deterministic reference written on the target
    content_hash     TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'skipped', 'failed', 'unknown', 'given-up')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_error       TEXT,
    last_hint        TEXT,
    upstream_link_id INTEGER REFERENCES links(id),
    source_modified_at TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (leg, step, source_instance, source_id)
  );
  CREATE INDEX links_status ON links (status, next_attempt_at);
  CREATE INDEX links_source_number ON links (source_number);
  CREATE INDEX links_target ON links (target_system, target_id);
  CREATE INDEX links_upstream ON links (upstream_link_id);

  -- Cursor per flow, leg and source instance: the newest modified time actually handled.
  CREATE TABLE checkpoints (
    flow            TEXT NOT NULL,
    leg             TEXT NOT NULL,
    source_instance TEXT NOT NULL,
    cursor          TEXT NOT NULL,        -- ISO 8601 UTC with Z
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (flow, leg, source_instance)
  );

  -- The run lock (design, protocol step 1): at most one row.
  CREATE TABLE run_lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    host         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    refreshed_at TEXT NOT NULL,
    command      TEXT NOT NULL
  );
  `,
];
