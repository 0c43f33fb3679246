-- Object privileges on tables, views and sequences (aclchk.c): owners, GRANT/REVOKE with grant options,
-- column privileges, relacl/attacl as aclitem[], \dp, checks of SELECT/INSERT/UPDATE/DELETE/TRUNCATE,
-- views checked as their owner, has_table_privilege, ALTER TABLE ... OWNER TO.
CREATE ROLE regress_priv_user1 LOGIN;
CREATE ROLE regress_priv_user2 LOGIN;
CREATE ROLE regress_priv_user3 LOGIN;
CREATE TABLE priv_t (a int, b text);
INSERT INTO priv_t VALUES (1, 'one'), (2, 'two');
CREATE SEQUENCE priv_s;
CREATE VIEW priv_v AS SELECT a FROM priv_t;
SELECT relname, relacl FROM pg_class WHERE relname LIKE 'priv_%' ORDER BY relname;
-- nothing granted yet: a plain role is refused
SET ROLE regress_priv_user1;
SELECT * FROM priv_t;
INSERT INTO priv_t VALUES (3, 'three');
UPDATE priv_t SET b = 'x';
DELETE FROM priv_t;
TRUNCATE priv_t;
SELECT * FROM priv_v;
SELECT nextval('priv_s');
RESET ROLE;
GRANT SELECT ON priv_t TO regress_priv_user1;
GRANT INSERT, UPDATE ON TABLE priv_t TO regress_priv_user1 WITH GRANT OPTION;
GRANT SELECT ON priv_v TO PUBLIC;
GRANT SELECT (a), UPDATE (b) ON priv_t TO regress_priv_user2;
GRANT USAGE ON SEQUENCE priv_s TO regress_priv_user3;
GRANT ALL ON priv_s TO regress_priv_user2;
SELECT relname, relacl FROM pg_class WHERE relname LIKE 'priv_%' ORDER BY relname;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'priv_t'::regclass AND attnum > 0 ORDER BY attnum;
\dp priv_*
SET ROLE regress_priv_user1;
SELECT * FROM priv_t ORDER BY a;
INSERT INTO priv_t VALUES (3, 'three');
UPDATE priv_t SET b = 'three!' WHERE a = 3;
DELETE FROM priv_t WHERE a = 3;
TRUNCATE priv_t;
DROP TABLE priv_t;
DROP VIEW priv_v;
DROP SEQUENCE priv_s;
ALTER TABLE priv_t OWNER TO regress_priv_user1;
ALTER TABLE priv_t ADD COLUMN c int;
ALTER TABLE priv_t RENAME TO priv_t2;
ALTER TABLE IF EXISTS priv_t DROP COLUMN b;
CREATE INDEX ON priv_t (a);
COPY priv_t (a) TO STDOUT;
COPY priv_t TO STDOUT;
COPY priv_t (b) FROM STDIN;
nine
\.
BEGIN;
LOCK TABLE priv_t IN ACCESS SHARE MODE;
LOCK TABLE priv_t IN ROW EXCLUSIVE MODE;
LOCK TABLE priv_t IN ACCESS EXCLUSIVE MODE;
ROLLBACK;
-- grant options: INSERT can be passed on, SELECT and DELETE cannot
GRANT INSERT ON priv_t TO regress_priv_user3;
GRANT SELECT ON priv_t TO regress_priv_user3;
GRANT DELETE, INSERT ON priv_t TO regress_priv_user3;
SELECT has_table_privilege('priv_t', 'SELECT') AS sel, has_table_privilege('priv_t', 'DELETE') AS del,
       has_table_privilege('priv_t', 'INSERT WITH GRANT OPTION') AS ins_go,
       has_table_privilege('regress_priv_user3', 'priv_t', 'INSERT') AS u3_ins;
RESET ROLE;
-- the view reads the table as its owner: PUBLIC may read the view, not the table
SET ROLE regress_priv_user3;
SELECT * FROM priv_v ORDER BY a;
SELECT * FROM priv_t;
COPY priv_t TO STDOUT;
BEGIN;
LOCK TABLE priv_t IN ACCESS SHARE MODE;
ROLLBACK;
INSERT INTO priv_t VALUES (4, 'four');
SELECT nextval('priv_s') > 0 AS usage_ok;
RESET ROLE;
-- column privileges: SELECT (a) and UPDATE (b) only
SET ROLE regress_priv_user2;
UPDATE priv_t SET a = 5;
SELECT * FROM priv_t;
INSERT INTO priv_t VALUES (5, 'five');
SELECT a FROM priv_t ORDER BY a;
SELECT b FROM priv_t;
SELECT count(*) FROM priv_t;
SELECT priv_t FROM priv_t;
SELECT a FROM priv_t WHERE b = 'one';
SELECT x.a FROM priv_t x JOIN priv_t y USING (a) ORDER BY 1;
UPDATE priv_t SET b = 'uno' WHERE a = 1;
UPDATE priv_t SET b = b || '!';
UPDATE priv_t SET b = 'x' RETURNING a;
UPDATE priv_t SET b = 'x' RETURNING b;
DELETE FROM priv_t WHERE a = 1;
RESET ROLE;
GRANT INSERT (a) ON priv_t TO regress_priv_user2;
SET ROLE regress_priv_user2;
INSERT INTO priv_t (a) VALUES (9);
INSERT INTO priv_t VALUES (10, 'ten');
INSERT INTO priv_t (a, b) VALUES (10, 'ten');
INSERT INTO priv_t (a) VALUES (11) RETURNING a;
RESET ROLE;
SELECT * FROM priv_t ORDER BY a;
-- REVOKE: RESTRICT refuses while a grantee passed the privilege on, CASCADE takes it back too
REVOKE INSERT ON priv_t FROM regress_priv_user1;
REVOKE GRANT OPTION FOR INSERT ON priv_t FROM regress_priv_user1 CASCADE;
SELECT relacl FROM pg_class WHERE relname = 'priv_t';
REVOKE ALL ON priv_t FROM regress_priv_user1;
REVOKE UPDATE ON priv_t FROM regress_priv_user2;
SELECT relacl FROM pg_class WHERE relname = 'priv_t';
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'priv_t'::regclass AND attnum > 0 ORDER BY attnum;
-- the inquiry functions and aclexplode read the same ACLs
SELECT has_column_privilege('regress_priv_user2', 'priv_t', 'a', 'SELECT') AS a_sel,
       has_column_privilege('regress_priv_user2', 'priv_t', 'b', 'SELECT') AS b_sel,
       has_column_privilege('regress_priv_user2', 'priv_t', 'b', 'UPDATE, INSERT') AS b_upd,
       has_column_privilege('regress_priv_user3', 'priv_t', 'a', 'SELECT') AS u3_a,
       has_column_privilege('priv_t', 'a', 'SELECT WITH GRANT OPTION') AS me_a,
       has_any_column_privilege('regress_priv_user2', 'priv_t', 'SELECT') AS any2,
       has_any_column_privilege('regress_priv_user3', 'priv_t', 'UPDATE') AS any3,
       has_table_privilege('regress_priv_user2', 'priv_t', 'SELECT') AS tab2,
       has_sequence_privilege('regress_priv_user3', 'priv_s', 'USAGE') AS seq3,
       has_sequence_privilege('regress_priv_user3', 'priv_s', 'UPDATE') AS seq3u;
SELECT c.relname, pg_get_userbyid(a.grantor) AS grantor,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
       a.privilege_type, a.is_grantable
  FROM pg_class c, aclexplode(c.relacl) a
 WHERE c.relname IN ('priv_t', 'priv_s', 'priv_v') ORDER BY 1, 3, 4;
SELECT pg_get_userbyid(grantor) AS grantor, grantee = 0 AS public, privilege_type, is_grantable
  FROM aclexplode('{=r/regress_priv_user1,regress_priv_user2=a*w/regress_priv_user1}'::aclitem[])
 ORDER BY privilege_type;
-- errors of the statement itself
GRANT USAGE ON priv_t TO regress_priv_user1;
GRANT INSERT ON SEQUENCE priv_s TO regress_priv_user1;
GRANT SELECT ON SEQUENCE priv_t TO regress_priv_user1;
GRANT SELECT ON priv_t TO PUBLIC WITH GRANT OPTION;
GRANT SELECT ON priv_t TO regress_priv_nobody;
GRANT SELECT ON priv_missing TO regress_priv_user1;
GRANT SELECT (zz) ON priv_t TO regress_priv_user1;
GRANT FOO ON priv_t TO regress_priv_user1;
GRANT DELETE ON priv_s TO regress_priv_user1;
-- ALL TABLES IN SCHEMA, then the owner changes
GRANT SELECT ON ALL TABLES IN SCHEMA public TO regress_priv_user3;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO regress_priv_user3;
\dp priv_*
ALTER TABLE priv_t OWNER TO regress_priv_user2;
SELECT relname, pg_get_userbyid(relowner) AS owner, relacl FROM pg_class WHERE relname = 'priv_t';
SET ROLE regress_priv_user2;
DELETE FROM priv_t WHERE a = 2;
SELECT * FROM priv_t ORDER BY a;
REVOKE SELECT ON priv_t FROM regress_priv_user3;
RESET ROLE;
SELECT relacl FROM pg_class WHERE relname = 'priv_t';
-- a role that owns or is granted something cannot be dropped
DROP ROLE regress_priv_user2;
DROP ROLE regress_priv_user3;
DROP VIEW priv_v;
DROP TABLE priv_t;
DROP SEQUENCE priv_s;
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user2;
DROP ROLE regress_priv_user3;
-- pg_read_all_data and pg_write_all_data
CREATE ROLE regress_priv_reader LOGIN IN ROLE pg_read_all_data;
CREATE ROLE regress_priv_writer LOGIN IN ROLE pg_write_all_data;
CREATE TABLE priv_all (a int);
INSERT INTO priv_all VALUES (1);
SET ROLE regress_priv_reader;
SELECT * FROM priv_all;
INSERT INTO priv_all VALUES (2);
SELECT has_table_privilege('priv_all', 'SELECT') AS sel, has_table_privilege('priv_all', 'INSERT') AS ins;
SET ROLE regress_priv_writer;
SELECT * FROM priv_all;
INSERT INTO priv_all VALUES (3);
UPDATE priv_all SET a = 4 WHERE a = 3;
DELETE FROM priv_all;
TRUNCATE priv_all;
RESET ROLE;
SELECT * FROM priv_all ORDER BY a;
DROP TABLE priv_all;
DROP ROLE regress_priv_reader;
DROP ROLE regress_priv_writer;
-- a temporary table belongs to the role that made it
CREATE ROLE regress_priv_user4 LOGIN;
SET ROLE regress_priv_user4;
CREATE TEMP TABLE priv_temp (a int);
INSERT INTO priv_temp VALUES (1);
SELECT pg_get_userbyid(relowner) AS owner, relacl FROM pg_class WHERE relname = 'priv_temp';
SELECT * FROM priv_temp;
DROP TABLE priv_temp;
RESET ROLE;
DROP ROLE regress_priv_user4;
