-- DirectMail PostgreSQL mail store, schema version 2: each message's account, and the index that
-- lets a claim take one due message of each account in turn (fair share).

ALTER TABLE dm_message ADD COLUMN account text NOT NULL DEFAULT 'default';

-- What claimDue walks: per lane, each account's pending messages in due order. Its (lane, account)
-- prefix also gives the accounts of a lane one by one without reading their messages.
CREATE INDEX dm_message_due_by_account ON dm_message (lane, account, due_at, due_at_ns, seq) WHERE pending;
DROP INDEX dm_message_due;
