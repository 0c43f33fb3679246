--
-- SAVEPOINT, RELEASE and ROLLBACK TO as subtransactions (xact.c): writes, DDL and settings undone
-- by ROLLBACK TO, merged by RELEASE, and the errors around them
--
CREATE TABLE sp (id int PRIMARY KEY, v text);
-- outside a transaction block
SAVEPOINT a;
RELEASE SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;
-- ROLLBACK TO undoes the writes made since the savepoint and keeps the savepoint
BEGIN;
INSERT INTO sp VALUES (1, 'one');
SAVEPOINT a;
INSERT INTO sp VALUES (2, 'two');
UPDATE sp SET v = 'uno' WHERE id = 1;
SELECT * FROM sp ORDER BY id;
ROLLBACK TO SAVEPOINT a;
SELECT * FROM sp ORDER BY id;
INSERT INTO sp VALUES (3, 'three');
ROLLBACK TO a;
SELECT * FROM sp ORDER BY id;
INSERT INTO sp VALUES (3, 'drei');
RELEASE a;
COMMIT;
SELECT * FROM sp ORDER BY id;
-- nested savepoints: RELEASE merges into the parent, ROLLBACK TO an outer one undoes the inner ones too
BEGIN;
SAVEPOINT s1;
INSERT INTO sp VALUES (10, 'ten');
SAVEPOINT s2;
INSERT INTO sp VALUES (11, 'eleven');
RELEASE SAVEPOINT s2;
SAVEPOINT s3;
DELETE FROM sp WHERE id = 1;
SELECT * FROM sp ORDER BY id;
ROLLBACK TO s1;
SELECT * FROM sp ORDER BY id;
ROLLBACK TO s3;
ROLLBACK TO s1;
INSERT INTO sp VALUES (12, 'twelve');
SAVEPOINT s2;
INSERT INTO sp VALUES (13, 'thirteen');
RELEASE s1;
ROLLBACK TO s2;
COMMIT;
SELECT * FROM sp ORDER BY id;
BEGIN;
SAVEPOINT s1;
INSERT INTO sp VALUES (12, 'twelve');
SAVEPOINT s2;
INSERT INTO sp VALUES (13, 'thirteen');
RELEASE s1;
COMMIT;
SELECT * FROM sp ORDER BY id;
-- duplicate names: the newest wins, and releasing it uncovers the older one
BEGIN;
SAVEPOINT d;
INSERT INTO sp VALUES (20, 'twenty');
SAVEPOINT d;
INSERT INTO sp VALUES (21, 'twenty-one');
ROLLBACK TO d;
SELECT * FROM sp WHERE id >= 20 ORDER BY id;
RELEASE d;
ROLLBACK TO d;
SELECT * FROM sp WHERE id >= 20 ORDER BY id;
RELEASE d;
RELEASE d;
COMMIT;
-- an error inside the block: ROLLBACK TO makes it usable again, the work before the savepoint stays
BEGIN;
INSERT INTO sp VALUES (30, 'thirty');
SAVEPOINT e;
INSERT INTO sp VALUES (31, 'thirty-one');
INSERT INTO sp VALUES (30, 'again');
SELECT 1;
RELEASE e;
ROLLBACK TO e;
SELECT * FROM sp WHERE id >= 30 ORDER BY id;
INSERT INTO sp VALUES (32, 'thirty-two');
COMMIT;
SELECT * FROM sp WHERE id >= 30 ORDER BY id;
-- an error in an inner savepoint, ROLLBACK TO an outer one
BEGIN;
SAVEPOINT o;
INSERT INTO sp VALUES (33, 'thirty-three');
SAVEPOINT i;
SELECT 1 / 0;
ROLLBACK TO o;
SELECT * FROM sp WHERE id >= 30 ORDER BY id;
COMMIT;
-- ROLLBACK TO a name that does not exist, in a failed block and in a good one
BEGIN;
SELECT 1 / 0;
ROLLBACK TO x;
ROLLBACK;
BEGIN;
SAVEPOINT "Mixed";
ROLLBACK TO mixed;
ROLLBACK TO "Mixed";
ROLLBACK;
-- a unique key freed by ROLLBACK TO can be used again at once
BEGIN;
SAVEPOINT u;
INSERT INTO sp VALUES (40, 'forty');
ROLLBACK TO u;
INSERT INTO sp VALUES (40, 'forty again');
COMMIT;
SELECT * FROM sp WHERE id = 40;
-- a row the block updated, updated again in a savepoint
BEGIN;
UPDATE sp SET v = 'parent' WHERE id = 3;
SAVEPOINT w;
UPDATE sp SET v = 'child' WHERE id = 3;
SELECT * FROM sp WHERE id = 3;
ROLLBACK TO w;
SELECT * FROM sp WHERE id = 3;
DELETE FROM sp WHERE id = 3;
ROLLBACK TO w;
UPDATE sp SET v = 'child 2' WHERE id = 3;
RELEASE w;
COMMIT;
SELECT * FROM sp WHERE id = 3;
-- DDL inside a savepoint is undone by ROLLBACK TO
BEGIN;
SAVEPOINT t;
CREATE TABLE sp2 (a int);
INSERT INTO sp2 VALUES (1);
ROLLBACK TO t;
SELECT * FROM sp2;
ROLLBACK TO t;
CREATE TABLE sp2 (b text);
INSERT INTO sp2 VALUES ('kept');
SAVEPOINT t2;
DROP TABLE sp2;
ROLLBACK TO t2;
COMMIT;
SELECT * FROM sp2;
BEGIN;
SAVEPOINT t;
ALTER TABLE sp2 ADD COLUMN c int;
CREATE INDEX sp2_b ON sp2 (b);
ROLLBACK TO t;
SELECT * FROM sp2;
CREATE INDEX sp2_b ON sp2 (b);
COMMIT;
-- settings changed inside a savepoint go back with it
BEGIN;
SET LOCAL work_mem = '1MB';
SAVEPOINT g;
SET LOCAL work_mem = '2MB';
SHOW work_mem;
ROLLBACK TO g;
SHOW work_mem;
COMMIT;
-- the isolation level cannot change inside a savepoint
BEGIN;
SAVEPOINT i;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SAVEPOINT i;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ROLLBACK TO i;
SHOW transaction_isolation;
COMMIT;
-- SET TRANSACTION READ ONLY ends with the savepoint, released or rolled back to (prevXactReadOnly)
BEGIN;
SAVEPOINT ro;
SET TRANSACTION READ ONLY;
SHOW transaction_read_only;
INSERT INTO sp VALUES (70, 'read only');
ROLLBACK TO ro;
SHOW transaction_read_only;
SAVEPOINT ro2;
SET TRANSACTION READ ONLY;
SELECT count(*) FROM sp;
SET TRANSACTION READ WRITE;
ROLLBACK TO ro2;
SET TRANSACTION READ ONLY;
RELEASE ro2;
SHOW transaction_read_only;
INSERT INTO sp VALUES (70, 'written');
COMMIT;
BEGIN READ ONLY;
SELECT count(*) FROM sp WHERE id = 70;
SET TRANSACTION READ WRITE;
ROLLBACK;
-- row locks taken in a savepoint, and rows of a rolled-back savepoint after VACUUM
BEGIN;
SAVEPOINT l;
SELECT * FROM sp WHERE id = 1 FOR UPDATE;
ROLLBACK TO l;
SELECT * FROM sp WHERE id = 1 FOR UPDATE;
COMMIT;
BEGIN;
SAVEPOINT v;
INSERT INTO sp VALUES (60, 'sixty'), (61, 'sixty-one');
DELETE FROM sp WHERE id = 12;
ROLLBACK TO v;
COMMIT;
VACUUM sp;
SELECT count(*) FROM sp;
SELECT * FROM sp WHERE id IN (12, 60, 61) ORDER BY id;
-- psql's ON_ERROR_ROLLBACK wraps each statement in a savepoint: the block survives the failed one
\set ON_ERROR_ROLLBACK on
BEGIN;
INSERT INTO sp VALUES (50, 'fifty');
INSERT INTO sp VALUES (50, 'again');
INSERT INTO sp VALUES (51, 'fifty-one');
COMMIT;
\set ON_ERROR_ROLLBACK off
SELECT * FROM sp WHERE id >= 50 ORDER BY id;
DROP TABLE sp;
DROP TABLE sp2;
