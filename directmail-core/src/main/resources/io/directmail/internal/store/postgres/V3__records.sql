-- DirectMail PostgreSQL mail store, schema version 3: keyed records, where the sending model
-- (accounts, sending domains, sender addresses, templates, recipient lists, quota ledgers,
-- batches) keeps its state next to the queue.
--
-- Keys use the "C" collation: they compare and sort by their UTF-8 octets, which is code point
-- order, the order every DirectMail store lists records in, and the primary key's index then
-- serves a listing by key prefix as a range scan (key >= prefix AND key < the prefix's end).
CREATE TABLE dm_record (
    kind text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (kind, key)
);
