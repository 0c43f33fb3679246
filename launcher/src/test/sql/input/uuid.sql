-- the uuid type: input forms, output, errors, comparison, indexes, casts, arrays, COPY, gen_random_uuid
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid;
SELECT '{a0eebc99-9c0b4ef8-bb6d6bb9bd380a11}'::uuid;
SELECT 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid;
SELECT 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
-- rejected: too long, too short, a bad digit, a misplaced hyphen, spaces, unbalanced braces, empty
SELECT '11111111-1111-1111-1111-111111111111F'::uuid;
SELECT '{11111111-1111-1111-1111-11111111111}'::uuid;
SELECT '111-11111-1111-1111-1111-111111111111'::uuid;
SELECT '{22222222-2222-2222-2222-222222222222 '::uuid;
SELECT '11111111-1111-1111-G111-111111111111'::uuid;
SELECT '11+11111-1111-1111-1111-111111111111'::uuid;
SELECT ' 11111111-1111-1111-1111-111111111111'::uuid;
SELECT '11111111-1111-1111-1111-111111111111 '::uuid;
SELECT '{11111111-1111-1111-1111-111111111111'::uuid;
SELECT '11111111-1111-1111-1111-111111111111}'::uuid;
SELECT '11111111-1111-1111-1111-11111111111-1'::uuid;
SELECT '11111111--1111-1111-1111-111111111111'::uuid;
SELECT ''::uuid;
SELECT pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid), 'uuid'::regtype, 'uuid[]'::regtype, '_uuid'::regtype;
CREATE TABLE guid_columns (id uuid PRIMARY KEY, ids uuid[]);
SELECT attname, atttypid, attlen, attbyval, attalign, attstorage, attndims
  FROM pg_attribute WHERE attrelid = 'guid_columns'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE guid_columns;
-- casts to and from text and varchar
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::text::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::varchar::uuid;
SELECT '{A0EEBC999C0B4EF8BB6D6BB9BD380A11}'::uuid::text, length('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text);
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::varchar(8);
SELECT CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS character varying);
SELECT 'x' || 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'nope'::text::uuid;
SELECT 1::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::bytea;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid + 1;
-- comparison: the order is that of the bytes, unsigned
SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid > '00000000-0000-0000-0000-000000000000'::uuid AS gt,
       '80000000-0000-0000-0000-000000000000'::uuid > '7fffffff-ffff-ffff-ffff-ffffffffffff'::uuid AS high_bit,
       '00000000-0000-0000-8000-000000000000'::uuid > '00000000-0000-0000-7fff-ffffffffffff'::uuid AS low_high_bit,
       'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid = 'a0eebc999c0b4ef8bb6d6bb9bd380a11' AS eq,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid <> 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12' AS ne,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid <= 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS le,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid >= 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS ge,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid < 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS lt;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text;
-- a table: storage, ordering, DISTINCT, GROUP BY, joins
CREATE TABLE guid1 (guid_field uuid, text_field text);
CREATE TABLE guid2 (guid_field uuid, n int);
INSERT INTO guid1 VALUES ('11111111-1111-1111-1111-111111111111', 'one'),
    ('{22222222-2222-2222-2222-222222222222}', 'two'), ('3f3e3c3b3a3039383736353433a2313e', 'three'),
    ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'max'), ('00000000-0000-0000-0000-000000000000', 'zero'),
    ('80000000-0000-0000-0000-000000000000', 'high bit'), ('7fffffff-ffff-ffff-ffff-ffffffffffff', 'below high bit'),
    (NULL, 'null'), ('11111111-1111-1111-1111-111111111111', 'one again');
INSERT INTO guid1 VALUES ('11111111-1111-1111-1111-11111111111', 'bad');
SELECT guid_field, text_field FROM guid1 ORDER BY guid_field, text_field;
SELECT guid_field FROM guid1 ORDER BY guid_field DESC NULLS LAST;
SELECT DISTINCT guid_field FROM guid1 ORDER BY 1;
SELECT guid_field, count(*) FROM guid1 GROUP BY guid_field ORDER BY guid_field;
SELECT count(*) FROM guid1 WHERE guid_field = '3f3e3c3b-3a30-3938-3736-353433a2313e';
SELECT count(*) FROM guid1 WHERE guid_field <> '11111111111111111111111111111111';
SELECT count(*) FROM guid1 WHERE guid_field < '22222222-2222-2222-2222-222222222222';
SELECT count(*) FROM guid1 WHERE guid_field >= '80000000-0000-0000-0000-000000000000';
SELECT count(*) FROM guid1 WHERE guid_field BETWEEN '11111111-1111-1111-1111-111111111111' AND '7fffffff-ffff-ffff-ffff-ffffffffffff';
INSERT INTO guid2 VALUES ('11111111-1111-1111-1111-111111111111', 1), ('{22222222-2222-2222-2222-222222222222}', 2),
    ('3F3E3C3B3A3039383736353433A2313E', 3), ('44444444-4444-4444-4444-444444444444', 4);
SELECT g1.text_field, g2.n FROM guid1 g1 JOIN guid2 g2 ON g1.guid_field = g2.guid_field ORDER BY g2.n, 1;
SELECT g2.n FROM guid2 g2 LEFT JOIN guid1 g1 ON g1.guid_field = g2.guid_field WHERE g1.guid_field IS NULL;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT g1.text_field, g2.n FROM guid1 g1 JOIN guid2 g2 ON g1.guid_field = g2.guid_field ORDER BY g2.n, 1;
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT n FROM guid2 WHERE guid_field IN (SELECT guid_field FROM guid1) ORDER BY n;
SELECT guid_field FROM guid1 UNION SELECT guid_field FROM guid2 ORDER BY 1;
SELECT min(guid_field) FROM guid1;
-- indexes: lookups, range scans, uniqueness
CREATE INDEX guid1_btree ON guid1 USING btree (guid_field);
CREATE INDEX guid1_multi ON guid1 (guid_field DESC, text_field);
SET enable_seqscan = off;
SELECT text_field FROM guid1 WHERE guid_field = '11111111-1111-1111-1111-111111111111' ORDER BY 1;
SELECT guid_field FROM guid1 WHERE guid_field > '7fffffff-ffff-ffff-ffff-ffffffffffff' ORDER BY guid_field;
SELECT guid_field FROM guid1 WHERE guid_field <= '22222222-2222-2222-2222-222222222222' ORDER BY guid_field DESC;
RESET enable_seqscan;
CREATE UNIQUE INDEX guid1_unique ON guid1 (guid_field);
DELETE FROM guid1 WHERE text_field = 'one again';
CREATE UNIQUE INDEX guid1_unique ON guid1 (guid_field);
INSERT INTO guid1 VALUES ('11111111-1111-1111-1111-111111111111', 'duplicate');
INSERT INTO guid1 VALUES ('{11111111111111111111111111111111}', 'duplicate');
INSERT INTO guid1 VALUES (NULL, 'second null');
CREATE TABLE guid3 (id uuid PRIMARY KEY, ref uuid REFERENCES guid3 (id), note text);
INSERT INTO guid3 VALUES ('c0000000-0000-0000-0000-000000000001', NULL, 'root');
INSERT INTO guid3 VALUES ('c0000000-0000-0000-0000-000000000002', 'c0000000-0000-0000-0000-000000000001', 'child');
INSERT INTO guid3 VALUES ('c0000000-0000-0000-0000-000000000003', 'c0000000-0000-0000-0000-000000000009', 'orphan');
INSERT INTO guid3 VALUES ('C0000000-0000-0000-0000-000000000001', NULL, 'again');
UPDATE guid3 SET id = 'c0000000-0000-0000-0000-0000000000ff' WHERE note = 'child';
SELECT * FROM guid3 ORDER BY id;
-- arrays
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, {B0EEBC999C0B4EF8BB6D6BB9BD380A11}, NULL}'::uuid[];
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, "{B0EEBC999C0B4EF8BB6D6BB9BD380A11}", NULL}'::uuid[];
SELECT '{{11111111-1111-1111-1111-111111111111},{22222222-2222-2222-2222-222222222222}}'::uuid[] AS two_dims;
SELECT ARRAY['11111111-1111-1111-1111-111111111111'::uuid, '22222222-2222-2222-2222-222222222222'];
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1}'::uuid[];
SELECT pg_typeof('{}'::uuid[]), array_length('{11111111-1111-1111-1111-111111111111}'::uuid[], 1);
SELECT text_field FROM guid1
 WHERE guid_field = ANY ('{11111111-1111-1111-1111-111111111111,3f3e3c3b-3a30-3938-3736-353433a2313e}'::uuid[])
 ORDER BY 1;
SELECT text_field FROM guid1 WHERE guid_field = ANY (ARRAY['22222222-2222-2222-2222-222222222222'::uuid]);
SELECT '{11111111-1111-1111-1111-111111111111}'::uuid[] = '{11111111111111111111111111111111}'::uuid[] AS eq,
       '{11111111-1111-1111-1111-111111111111}'::uuid[] < '{ffffffff-1111-1111-1111-111111111111}'::uuid[] AS lt,
       '{11111111-1111-1111-1111-111111111111}'::uuid[] @> '{11111111-1111-1111-1111-111111111111}'::uuid[] AS contains;
CREATE TABLE guid_arrays (id int, ids uuid[]);
INSERT INTO guid_arrays VALUES (1, '{11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222}'),
    (2, '{}'), (3, NULL), (4, ARRAY[NULL::uuid]);
SELECT id, ids, ids[2] FROM guid_arrays ORDER BY id;
SELECT id FROM guid_arrays WHERE '22222222-2222-2222-2222-222222222222' = ANY (ids);
SELECT unnest(ids) FROM guid_arrays WHERE id = 1;
SELECT array_agg(guid_field ORDER BY guid_field) FROM guid2;
-- COPY out and in
COPY (SELECT guid_field, text_field FROM guid1 ORDER BY guid_field NULLS FIRST, text_field) TO stdout;
COPY guid_arrays (id, ids) TO stdout;
CREATE TABLE guid_copy (u uuid, us uuid[]);
COPY guid_copy FROM stdin;
11111111-1111-1111-1111-111111111111	{22222222-2222-2222-2222-222222222222}
{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}	\N
\N	{}
\.
COPY guid_copy FROM stdin (FORMAT csv);
a0eebc999c0b4ef8bb6d6bb9bd380a11,"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"
\.
SELECT * FROM guid_copy ORDER BY u NULLS LAST;
-- table alterations
ALTER TABLE guid_copy ADD COLUMN t text;
UPDATE guid_copy SET t = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
ALTER TABLE guid_copy ALTER COLUMN t TYPE uuid USING t::uuid;
ALTER TABLE guid_copy ALTER COLUMN u TYPE text;
SELECT u, t FROM guid_copy ORDER BY u NULLS LAST;
CREATE TABLE guid_default (id uuid DEFAULT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', n int);
INSERT INTO guid_default (n) VALUES (1);
SELECT * FROM guid_default;
-- partitioning by a uuid key: range bounds in uuid order, hash partitions as uuid_hash_extended puts rows
CREATE TABLE guid_range (u uuid, n int) PARTITION BY RANGE (u);
CREATE TABLE guid_range_low PARTITION OF guid_range FOR VALUES FROM (MINVALUE) TO ('80000000-0000-0000-0000-000000000000');
CREATE TABLE guid_range_high PARTITION OF guid_range FOR VALUES FROM ('80000000-0000-0000-0000-000000000000') TO (MAXVALUE);
INSERT INTO guid_range VALUES ('7fffffff-ffff-ffff-ffff-ffffffffffff', 1), ('80000000-0000-0000-0000-000000000000', 2),
    ('ffffffff-0000-0000-0000-000000000000', 3);
SELECT tableoid::regclass, * FROM guid_range ORDER BY u;
CREATE TABLE guid_hash (u uuid, n int) PARTITION BY HASH (u);
CREATE TABLE guid_hash0 PARTITION OF guid_hash FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE guid_hash1 PARTITION OF guid_hash FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE guid_hash2 PARTITION OF guid_hash FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO guid_hash SELECT md5(g::text)::uuid, g FROM generate_series(1, 30) g;
SELECT tableoid::regclass, count(*), sum(n) FROM guid_hash GROUP BY 1 ORDER BY 1;
SELECT tableoid::regclass, n FROM guid_hash WHERE n <= 6 ORDER BY n;
SELECT n FROM guid_hash WHERE u = md5('17')::uuid;
-- sorts and hashing past work_mem (rows spilled to temporary files)
CREATE TABLE guid_many AS SELECT md5((g % 2500)::text)::uuid AS u, g FROM generate_series(1, 5000) g;
SET work_mem = '64kB';
SELECT u, g FROM guid_many ORDER BY u, g LIMIT 4 OFFSET 2000;
SELECT count(*) FROM (SELECT DISTINCT u FROM guid_many) s;
SELECT u, count(*), min(g) FROM guid_many GROUP BY u ORDER BY u DESC LIMIT 3;
RESET work_mem;
-- gen_random_uuid: version 4, variant 10, a new value each call and each row
SELECT gen_random_uuid() <> gen_random_uuid() AS differ;
SELECT pg_typeof(gen_random_uuid()), length(gen_random_uuid()::text) AS len,
       substr(gen_random_uuid()::text, 15, 1) AS version,
       substr(gen_random_uuid()::text, 20, 1) ~ '^[89ab]$' AS variant,
       gen_random_uuid()::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' AS form;
CREATE TABLE guid_gen (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int);
INSERT INTO guid_gen (n) SELECT g FROM generate_series(1, 100) g;
SELECT count(*), count(DISTINCT id) FROM guid_gen;
SELECT count(DISTINCT gen_random_uuid()) FROM generate_series(1, 10);
-- volatile: evaluated for each row, also in a qual beside an uncorrelated subquery (never a one-time filter)
SELECT count(*) BETWEEN 1 AND 399 AS per_row FROM generate_series(1, 400) g
 WHERE substr(gen_random_uuid()::text, 1, 1) < (SELECT '8');
DROP TABLE guid1, guid2, guid3, guid_arrays, guid_copy, guid_default, guid_gen, guid_range, guid_hash, guid_many;
