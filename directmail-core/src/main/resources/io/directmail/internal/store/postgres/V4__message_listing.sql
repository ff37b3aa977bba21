-- DirectMail PostgreSQL mail store, schema version 4: the indexes that list one account's messages
-- by acceptance time, a page at a time (MailStore#messages). A page starts after the last message of
-- the previous one by (accepted_at, accepted_at_ns, id), so each page is one index range scan, however
-- deep into the listing it is. Ids sort under the "C" collation: by their UTF-8 octets, the code point
-- order every DirectMail store lists messages in.
--
-- Building an index blocks writes to dm_message while it runs (CREATE INDEX CONCURRENTLY cannot run
-- inside the migration's transaction); on a large queue this takes a moment at the first start. An
-- operator may build them beforehand with CREATE INDEX CONCURRENTLY under these names and
-- definitions: IF NOT EXISTS then keeps them.

-- Listings of every message of an account, oldest or newest first.
CREATE INDEX IF NOT EXISTS dm_message_by_account ON dm_message (account, accepted_at, accepted_at_ns, id COLLATE "C");
-- Listings of one tag of an account.
CREATE INDEX IF NOT EXISTS dm_message_by_account_tag ON dm_message (account, tag, accepted_at, accepted_at_ns, id COLLATE "C")
    WHERE tag IS NOT NULL;
