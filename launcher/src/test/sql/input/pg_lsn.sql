-- pg_lsn as PostgreSQL 15's pg_lsn.c: adapted from src/test/regress/sql/pg_lsn.sql (its EXPLAIN left out), plus
-- unsigned order, an index on a pg_lsn column, casts, input errors and pg_wal_lsn_diff
--
-- PG_LSN
--

CREATE TABLE PG_LSN_TBL (f1 pg_lsn);

-- Largest and smallest input
INSERT INTO PG_LSN_TBL VALUES ('0/0');
INSERT INTO PG_LSN_TBL VALUES ('FFFFFFFF/FFFFFFFF');

-- Incorrect input
INSERT INTO PG_LSN_TBL VALUES ('G/0');
INSERT INTO PG_LSN_TBL VALUES ('-1/0');
INSERT INTO PG_LSN_TBL VALUES (' 0/12345678');
INSERT INTO PG_LSN_TBL VALUES ('ABCD/');
INSERT INTO PG_LSN_TBL VALUES ('/ABCD');

-- Min/Max aggregation
SELECT MIN(f1), MAX(f1) FROM PG_LSN_TBL;

DROP TABLE PG_LSN_TBL;

-- Operators
SELECT '0/16AE7F8' = '0/16AE7F8'::pg_lsn;
SELECT '0/16AE7F8'::pg_lsn != '0/16AE7F7';
SELECT '0/16AE7F7' < '0/16AE7F8'::pg_lsn;
SELECT '0/16AE7F8' > pg_lsn '0/16AE7F7';
SELECT '0/16AE7F7'::pg_lsn - '0/16AE7F8'::pg_lsn;
SELECT '0/16AE7F8'::pg_lsn - '0/16AE7F7'::pg_lsn;
SELECT '0/16AE7F7'::pg_lsn + 16::numeric;
SELECT 16::numeric + '0/16AE7F7'::pg_lsn;
SELECT '0/16AE7F7'::pg_lsn - 16::numeric;
SELECT 'FFFFFFFF/FFFFFFFE'::pg_lsn + 1::numeric;
SELECT 'FFFFFFFF/FFFFFFFE'::pg_lsn + 2::numeric; -- out of range error
SELECT '0/1'::pg_lsn - 1::numeric;
SELECT '0/1'::pg_lsn - 2::numeric; -- out of range error
SELECT '0/0'::pg_lsn + ('FFFFFFFF/FFFFFFFF'::pg_lsn - '0/0'::pg_lsn);
SELECT 'FFFFFFFF/FFFFFFFF'::pg_lsn - ('FFFFFFFF/FFFFFFFF'::pg_lsn - '0/0'::pg_lsn);
SELECT '0/16AE7F7'::pg_lsn + 'NaN'::numeric;
SELECT '0/16AE7F7'::pg_lsn - 'NaN'::numeric;

-- btree and hash: DISTINCT, ORDER BY, GROUP BY (no EXPLAIN: plans differ)
SELECT DISTINCT (i || '/' || j)::pg_lsn f
  FROM generate_series(1, 10) i,
       generate_series(1, 10) j,
       generate_series(1, 5) k
  WHERE i <= 10 AND j > 0 AND j <= 10
  ORDER BY f;
SELECT f, count(*) FROM (SELECT ('0/' || (i % 3))::pg_lsn f FROM generate_series(1, 10) i) s GROUP BY f ORDER BY f;
-- unsigned order: the high half above 7FFFFFFF sorts last
SELECT x FROM (VALUES ('FFFFFFFF/0'::pg_lsn), ('0/FFFFFFFF'), ('80000000/0'), ('7FFFFFFF/FFFFFFFF')) v(x) ORDER BY x;
CREATE TABLE lsn_idx (id int, l pg_lsn);
INSERT INTO lsn_idx SELECT i, ('0/' || to_hex(i * 4096))::pg_lsn FROM generate_series(1, 200) i;
INSERT INTO lsn_idx VALUES (0, 'FFFFFFFF/FFFFFFFF'), (-1, NULL);
CREATE INDEX lsn_idx_l ON lsn_idx (l);
SELECT id, l FROM lsn_idx WHERE l >= '0/C6000' ORDER BY l;
SELECT count(*) FROM lsn_idx WHERE l < '0/10000';
SELECT min(l), max(l) FROM lsn_idx;
DROP TABLE lsn_idx;
-- casts and input/output
SELECT 'abcdef/12ab'::pg_lsn, '00000001/00000002'::pg_lsn, 'aBcD/eF'::pg_lsn::text;
SELECT '0/0'::text::pg_lsn, pg_lsn('1/1');
SELECT '123456789/0'::pg_lsn;
SELECT '0/0 '::pg_lsn;
SELECT ''::pg_lsn;
SELECT pg_typeof('0/0'::pg_lsn - '0/0'::pg_lsn), pg_typeof('0/0'::pg_lsn + 1);
SELECT '0/10'::pg_lsn + 5, '0/10'::pg_lsn - 5::bigint, 1.4 + '0/10'::pg_lsn, '0/10'::pg_lsn + 1.5;
SELECT '0/16AE7F7'::pg_lsn + 'Infinity'::numeric;
SELECT pg_wal_lsn_diff('1/0', '0/FFFFFFFF'), pg_wal_lsn_diff('0/0', 'FFFFFFFF/FFFFFFFF');
SELECT pg_wal_lsn_diff(NULL, '0/0') IS NULL;
SELECT '0/1'::pg_lsn IN ('0/1', '0/2'), '0/1'::pg_lsn <= '0/1', '0/2'::pg_lsn >= '0/3';
-- pg_lsn[]
SELECT '{0/1,1/0}'::pg_lsn[];
SELECT ARRAY['0/1'::pg_lsn, 'FFFFFFFF/0'];
SELECT typname, typelem::regtype, typcategory FROM pg_type WHERE typname IN ('pg_lsn', '_pg_lsn') ORDER BY 1;
CREATE TABLE lsn_arr (a pg_lsn[]);
INSERT INTO lsn_arr VALUES ('{0/1,2/3}'), ('{FFFFFFFF/FFFFFFFF}'), (NULL);
SELECT a, a[1] FROM lsn_arr ORDER BY a;
SELECT unnest(a) u FROM lsn_arr ORDER BY u DESC;
DROP TABLE lsn_arr;
