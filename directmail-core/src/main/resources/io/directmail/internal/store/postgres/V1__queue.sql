-- DirectMail PostgreSQL mail store, schema version 1: the queue, each recipient's status, and the
-- suppression list. Applied by SchemaMigrations inside one transaction, with search_path set to the
-- store's schema.
--
-- Times. timestamptz keeps microseconds; Java's Instant keeps nanoseconds, and the store must give
-- back exactly what it was given. So every time is two columns: X (timestamptz, the time rounded
-- down to the microsecond: what an operator queries) and X_ns (the nanoseconds below that
-- microsecond, 0 to 999). The store compares and orders by (X, X_ns). All times come from the
-- nodes' clocks, never from the database's now().

CREATE TABLE dm_message (
    id                  text        PRIMARY KEY,
    -- Acceptance order: breaks ties between equal due times, orders forEachPending.
    seq                 bigint      GENERATED ALWAYS AS IDENTITY,
    accepted_at         timestamptz NOT NULL,
    accepted_at_ns      smallint    NOT NULL CHECK (accepted_at_ns BETWEEN 0 AND 999),
    return_path         text,
    tag                 text,
    idempotency_key     text,
    size                integer     NOT NULL CHECK (size >= 0),
    smtp_utf8           boolean     NOT NULL,
    eight_bit           boolean     NOT NULL,
    -- 0 trigger, 1 batch.
    lane                smallint    NOT NULL CHECK (lane IN (0, 1)),
    not_before          timestamptz,
    not_before_ns       smallint    CHECK (not_before_ns BETWEEN 0 AND 999),
    next_attempt_at     timestamptz,
    next_attempt_at_ns  smallint    CHECK (next_attempt_at_ns BETWEEN 0 AND 999),
    -- True while a recipient has no final status.
    pending             boolean     NOT NULL,
    -- When a pending message may next be claimed: next_attempt_at, else not_before, else accepted_at.
    due_at              timestamptz,
    due_at_ns           smallint    CHECK (due_at_ns BETWEEN 0 AND 999),
    -- When a final message is forgotten (its last status time plus the retention); null while
    -- pending, or when that lies beyond what timestamptz holds.
    forget_at           timestamptz,
    forget_at_ns        smallint    CHECK (forget_at_ns BETWEEN 0 AND 999),
    -- The node delivering the message, and the end of its claim; another node may claim the
    -- message once lease_until has passed.
    lease_owner         text,
    lease_until         timestamptz,
    lease_until_ns      smallint    CHECK (lease_until_ns BETWEEN 0 AND 999),
    -- The message in wire form; released (null) once the message is final.
    content             bytea,
    CHECK (pending = (due_at IS NOT NULL)),
    CHECK (pending OR content IS NULL),
    CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
) WITH (fillfactor = 90);

-- What claimDue walks: the pending messages of a lane in due order.
CREATE INDEX dm_message_due ON dm_message (lane, due_at, due_at_ns, seq) WHERE pending;
-- What forEachPending walks.
CREATE INDEX dm_message_pending_seq ON dm_message (seq) WHERE pending;
CREATE INDEX dm_message_idempotency_key ON dm_message (idempotency_key, accepted_at, accepted_at_ns)
    WHERE idempotency_key IS NOT NULL;
-- What the retention sweep walks.
CREATE INDEX dm_message_forget ON dm_message (forget_at, forget_at_ns) WHERE forget_at IS NOT NULL;

CREATE TABLE dm_recipient (
    message_id      text        NOT NULL REFERENCES dm_message (id) ON DELETE CASCADE,
    -- Envelope order, from 0.
    position        integer     NOT NULL CHECK (position >= 0),
    address         text        NOT NULL,
    -- io.directmail.DeliveryStatus by ordinal (append-only): 0 QUEUED, 1 DELIVERED, 2 DEFERRED,
    -- 3 BOUNCED, 4 EXPIRED, 5 SUPPRESSED.
    status          smallint    NOT NULL CHECK (status >= 0),
    attempts        integer     NOT NULL,
    -- The last SMTP reply, all null when there was none.
    reply_code      smallint,
    reply_enhanced  text,
    reply_text      text,
    remote_host     text,
    detail          text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_at_ns   smallint    NOT NULL CHECK (updated_at_ns BETWEEN 0 AND 999),
    PRIMARY KEY (message_id, position),
    CHECK ((reply_code IS NULL) = (reply_text IS NULL))
);

CREATE TABLE dm_suppression (
    -- The address with its local part lower-cased: addresses are compared by it.
    key        text        PRIMARY KEY,
    -- The address as it was added.
    address    text        NOT NULL,
    -- io.directmail.Suppression.Reason by name.
    reason     text        NOT NULL,
    since      timestamptz NOT NULL,
    since_ns   smallint    NOT NULL CHECK (since_ns BETWEEN 0 AND 999),
    detail     text        NOT NULL
);

CREATE INDEX dm_suppression_since ON dm_suppression (since, since_ns, address);
