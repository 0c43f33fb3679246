--
-- Temporary tables: CREATE TEMP TABLE, the pg_temp schema shadowing public, ON COMMIT actions
--
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'permanent');
CREATE TEMP TABLE t (a int, b text);
INSERT INTO t VALUES (2, 'temporary');
-- an unqualified name finds the temporary table first
SELECT * FROM t;
SELECT * FROM public.t;
SELECT * FROM pg_temp.t;
INSERT INTO public.t VALUES (3, 'permanent too');
UPDATE pg_temp.t SET b = 'still temporary' WHERE a = 2;
SELECT * FROM t ORDER BY a;
SELECT * FROM public.t ORDER BY a;
SELECT t.a, p.b FROM t JOIN public.t p ON p.a = t.a - 1;
DELETE FROM t;
SELECT count(*) FROM t;
SELECT count(*) FROM public.t;
-- DROP TABLE drops the temporary one; then the permanent one shows again
DROP TABLE t;
SELECT * FROM t ORDER BY a;
DROP TABLE t;
SELECT * FROM t;
-- TEMPORARY, LOCAL TEMP and a table made in pg_temp are temporary too; indexes on them
CREATE TEMPORARY TABLE t1 (a int PRIMARY KEY, b text);
CREATE LOCAL TEMP TABLE t2 (a int UNIQUE);
CREATE TABLE pg_temp.t3 (a int);
INSERT INTO t1 VALUES (1, 'one'), (2, 'two');
INSERT INTO t1 VALUES (1, 'again');
INSERT INTO t2 VALUES (1);
INSERT INTO t2 VALUES (1);
INSERT INTO pg_temp.t3 SELECT a FROM t1;
SELECT * FROM t3 ORDER BY a;
CREATE INDEX ON t3 (a);
CREATE UNIQUE INDEX t3_a_key ON t3 (a);
INSERT INTO t3 VALUES (2);
DROP INDEX t3_a_key;
INSERT INTO t3 VALUES (2);
SELECT * FROM t1 WHERE a = 2;
UPDATE t1 SET b = 'TWO' WHERE a = 2;
SELECT * FROM t1 ORDER BY a;
-- a permanent table may share a temporary table's name
CREATE TABLE t1 (x int);
INSERT INTO public.t1 VALUES (42);
SELECT * FROM t1 ORDER BY a;
SELECT * FROM public.t1;
DROP TABLE public.t1;
SELECT * FROM t1 ORDER BY a;
-- errors
CREATE TEMP TABLE public.bad (a int);
CREATE TABLE bad (a int) ON COMMIT DELETE ROWS;
CREATE TABLE bad (a int) ON COMMIT DROP;
CREATE TABLE bad (a int) ON COMMIT PRESERVE ROWS;
CREATE TEMP TABLE t1 (a int);
CREATE TEMP TABLE IF NOT EXISTS t1 (a int);
CREATE TABLE pg_temp.t1 (a int);
SELECT * FROM pg_temp.nosuch;
DROP TABLE pg_temp.nosuch;
DROP TABLE IF EXISTS pg_temp.nosuch;
DROP TABLE public.nosuch;
-- ON COMMIT DELETE ROWS empties the table at every commit
CREATE TEMP TABLE d (a int PRIMARY KEY) ON COMMIT DELETE ROWS;
INSERT INTO d VALUES (1);
SELECT count(*) FROM d;
BEGIN;
INSERT INTO d VALUES (1), (2);
SELECT count(*) FROM d;
COMMIT;
SELECT count(*) FROM d;
BEGIN;
INSERT INTO d VALUES (1);
SELECT * FROM d;
ROLLBACK;
SELECT count(*) FROM d;
-- ON COMMIT PRESERVE ROWS is the default
CREATE TEMP TABLE p (a int) ON COMMIT PRESERVE ROWS;
INSERT INTO p VALUES (1);
SELECT count(*) FROM p;
-- ON COMMIT DROP drops the table when its transaction commits
BEGIN;
CREATE TEMP TABLE dr (a int) ON COMMIT DROP;
INSERT INTO dr VALUES (1);
SELECT * FROM dr;
COMMIT;
SELECT * FROM dr;
CREATE TEMP TABLE dr2 (a int) ON COMMIT DROP;
SELECT * FROM dr2;
-- CREATE and DROP of a temporary table roll back
BEGIN;
CREATE TEMP TABLE rb (a int);
INSERT INTO rb VALUES (1);
ROLLBACK;
SELECT * FROM rb;
BEGIN;
DROP TABLE p;
SELECT * FROM p;
ROLLBACK;
SELECT count(*) FROM p;
-- CREATE TEMP TABLE AS
CREATE TEMP TABLE ctas AS SELECT 1 AS x, 'one'::text AS y;
SELECT * FROM ctas;
CREATE TEMP TABLE ctas2 ON COMMIT DELETE ROWS AS SELECT 1 AS x;
SELECT count(*) FROM ctas2;
CREATE TABLE ctas3 ON COMMIT DROP AS SELECT 1 AS x;
CREATE TABLE pg_temp.ctas4 AS SELECT 4 AS x;
SELECT * FROM pg_temp.ctas4;
-- SELECT INTO [TEMP] is CREATE TABLE AS
CREATE TABLE src (a int, b text);
INSERT INTO src VALUES (1, 'x'), (2, 'y');
SELECT * INTO TEMP sel1 FROM src;
SELECT * FROM sel1 ORDER BY a;
SELECT a, b || '!' AS c INTO TEMPORARY TABLE sel2 FROM src WHERE a > 1;
SELECT * FROM sel2;
SELECT a INTO sel3 FROM src ORDER BY a;
SELECT * FROM public.sel3 ORDER BY a;
SELECT a INTO sel3 FROM src;
SELECT 1 AS one INTO pg_temp.sel4;
SELECT * FROM pg_temp.sel4;
SELECT 'into' AS x;
-- the forms of PostgreSQL's create_table test
CREATE TEMP TABLE nocols();
CREATE TEMP TABLE withoutoid() WITHOUT OIDS; DROP TABLE withoutoid;
CREATE UNLOGGED TABLE pg_temp.unlogged3 (a int primary key);
CREATE TABLE pg_temp.implicitly_temp (a int primary key);
CREATE TEMP TABLE explicitly_temp (a int primary key);
CREATE TEMP TABLE pg_temp.doubly_temp (a int primary key);
CREATE TEMP TABLE public.temp_to_perm (a int primary key);
INSERT INTO implicitly_temp VALUES (1);
INSERT INTO pg_temp.doubly_temp SELECT a + 1 FROM implicitly_temp;
SELECT * FROM doubly_temp;
-- TRUNCATE and ALTER TABLE on a temporary table
TRUNCATE t3;
ALTER TABLE t3 ADD COLUMN b text DEFAULT 'x';
INSERT INTO t3 (a) VALUES (5);
SELECT * FROM t3;
-- a read-only transaction may write temporary tables, and only them
BEGIN READ ONLY;
INSERT INTO t3 VALUES (6, 'read only');
UPDATE t3 SET b = 'still read only' WHERE a = 6;
SELECT * FROM t3 ORDER BY a;
CREATE TEMP TABLE ro (a int);
ROLLBACK;
BEGIN READ ONLY;
CREATE TABLE ro (a int);
ROLLBACK;
-- VACUUM and ANALYZE reach the session's temporary tables
VACUUM t3;
VACUUM pg_temp.t3;
ANALYZE t3;
VACUUM;
SELECT a FROM t3 ORDER BY a;
-- DISCARD TEMP drops every temporary table of the session
DISCARD TEMP;
SELECT * FROM t1;
SELECT * FROM t3;
