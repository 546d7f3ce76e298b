/**
 * Versioned migrations of the store, applied in order, all in one exclusive transaction (database.ts).
 * The store's version is SQLite's `user_version`. Never edit a shipped migration: add the next one.
 * Tables: identity, runs, transfers (the log), links, checkpoints, lock, listings, notices (see the transfer protocol in src/engine/leg.ts).
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
  /* 2 */ `
  -- Failures stay visible until fixed or dismissed (issue 12): a person may dismiss a failure,
  -- and a change to a record after it was transferred is flagged once as needing attention.
  ALTER TABLE links ADD COLUMN dismissed_at TEXT;   -- set by iex-sync dismiss; cleared by the next attempt
  ALTER TABLE links ADD COLUMN attention TEXT;      -- what changed after the transfer, until dismissed
  ALTER TABLE links ADD COLUMN attention_key TEXT;  -- what it was flagged for (so it is logged once)

  -- The log's statuses grow 'given-up', 'needs-attention' and 'dismissed': SQLite changes a CHECK only by
  -- rebuilding the table.
  CREATE TABLE transfers_v2 (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER REFERENCES runs(id),
    at             TEXT NOT NULL,
    flow           TEXT NOT NULL,
    leg            TEXT NOT NULL,
    stage          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'failed', 'pending', 'unknown', 'dry-run', 'given-up', 'needs-attention', 'dismissed')),
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
    source_payload TEXT,
    target_payload TEXT,
    kind           TEXT,                 -- what the row is about: order, customer, document, invoice, payment, product, stock
    origin         TEXT                  -- the number people know: the webshop order a Rackbeat order came from
  );
  INSERT INTO transfers_v2 (id, run_id, at, flow, leg, stage, status, source_system, source_id, source_number, target_system,
    target_id, target_number, link_id, message, hint, duration_ms, source_payload, target_payload)
  SELECT id, run_id, at, flow, leg, stage, status, source_system, source_id, source_number, target_system,
    target_id, target_number, link_id, message, hint, duration_ms, source_payload, target_payload FROM transfers;
  DROP TABLE transfers;
  ALTER TABLE transfers_v2 RENAME TO transfers;
  CREATE INDEX transfers_at ON transfers (at);
  CREATE INDEX transfers_source ON transfers (source_id);
  CREATE INDEX transfers_source_number ON transfers (source_number);
  CREATE INDEX transfers_run ON transfers (run_id);
  CREATE INDEX transfers_link ON transfers (link_id);
  CREATE INDEX transfers_origin ON transfers (origin);
  `,
  /* 3 */ `
  -- The lookback anchored (issue 15): per cursor, every record modified up to seen_through (the
  -- source's clock) has been listed, late ones included (a listing's start less the lookback). The
  -- next cursor goes back no further, so a quiet shop does not re-list its last busy minutes.
  CREATE TABLE listings (
    flow            TEXT NOT NULL,
    leg             TEXT NOT NULL,
    source_instance TEXT NOT NULL,
    seen_through    TEXT NOT NULL,        -- ISO 8601 UTC with Z
    PRIMARY KEY (flow, leg, source_instance)
  );
  `,
  /* 4 */ `
  -- Notifications (issue 21). What was announced per problem, so a broken record is announced once
  -- until it changes or recovers, not on every run.
  CREATE TABLE notices (
    key           TEXT PRIMARY KEY,       -- link:<id> for a record, flow:<name> for a flow that could not run
    flow          TEXT NOT NULL,
    label         TEXT NOT NULL,          -- what it is about as people know it (#1042), for the "recovered" line
    problem       TEXT NOT NULL,          -- what the problem is now, as compared between runs
    first_seen_at TEXT NOT NULL,          -- a system down counts from here (notify.downAfterMinutes)
    announced     TEXT                    -- the problem as last announced; NULL: not announced (yet)
  );
  -- Notices composed and not yet delivered: kept, and tried again by every run, until a channel took them.
  CREATE TABLE notify_outbox (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,             -- webhook | email
    created_at TEXT NOT NULL,
    notice     TEXT NOT NULL,             -- JSON, secrets never included
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  -- The daily report goes out once per business day.
  CREATE TABLE notify_daily (
    day     TEXT PRIMARY KEY,             -- business date, YYYY-MM-DD
    sent_at TEXT NOT NULL                 -- when it was composed
  );
  `,
];
