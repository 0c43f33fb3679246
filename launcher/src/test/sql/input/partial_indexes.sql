-- partial indexes: CREATE [UNIQUE] INDEX ... WHERE
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, deleted_at timestamp, score int);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
INSERT INTO users VALUES (1, 'a@x', NULL, 1);
INSERT INTO users VALUES (2, 'a@x', '2020-01-01', 2);
INSERT INTO users VALUES (3, 'a@x', '2021-01-01', 3);
INSERT INTO users VALUES (4, 'a@x', NULL, 4);
UPDATE users SET deleted_at = '2022-01-01' WHERE id = 1;
INSERT INTO users VALUES (4, 'a@x', NULL, 4);
UPDATE users SET deleted_at = NULL WHERE id = 2;
UPDATE users SET email = 'b@x' WHERE id = 2;
UPDATE users SET deleted_at = NULL WHERE id = 2;
SELECT id, email, deleted_at FROM users ORDER BY id;
-- ON CONFLICT inference with a partial unique index
INSERT INTO users VALUES (5, 'a@x', NULL, 5) ON CONFLICT (email) DO NOTHING;
INSERT INTO users VALUES (5, 'a@x', NULL, 5) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING;
INSERT INTO users VALUES (6, 'a@x', NULL, 6) ON CONFLICT (email) WHERE deleted_at IS NULL
  DO UPDATE SET score = users.score + 100;
INSERT INTO users VALUES (7, 'c@x', NULL, 7) ON CONFLICT DO NOTHING;
INSERT INTO users VALUES (8, 'c@x', NULL, 8) ON CONFLICT DO NOTHING;
SELECT id, email, deleted_at, score FROM users ORDER BY id;
-- creating a unique partial index over existing duplicates
CREATE TABLE t (a int, b int, flag bool);
INSERT INTO t SELECT g % 10, g, g % 100 = 0 FROM generate_series(1, 1000) g;
CREATE UNIQUE INDEX t_a_flag ON t (a) WHERE flag;
CREATE UNIQUE INDEX t_a_b_small ON t (a) WHERE b < 20;
CREATE UNIQUE INDEX t_a_b_tiny ON t (a) WHERE b < 10;
INSERT INTO t VALUES (5, 5, false);
INSERT INTO t VALUES (0, 2000, true);
-- the index is used when the query's WHERE implies the predicate
CREATE INDEX t_b_flag ON t (b) WHERE flag;
ANALYZE t;
SELECT a, b FROM t WHERE flag AND b > 500 ORDER BY b;
CREATE TABLE pe (a int, b int, flag bool, state text);
INSERT INTO pe SELECT g, g % 1000, g % 100 = 0, CASE WHEN g % 50 = 0 THEN 'open' ELSE 'closed' END FROM generate_series(1, 20000) g;
CREATE INDEX pe_b_flag ON pe (b) WHERE flag;
CREATE INDEX pe_a_open ON pe (a) WHERE state = 'open';
ANALYZE pe;
EXPLAIN (COSTS OFF) SELECT a FROM pe WHERE flag AND b = 500;
EXPLAIN (COSTS OFF) SELECT a FROM pe WHERE b = 500;
EXPLAIN (COSTS OFF) SELECT * FROM pe WHERE state = 'open' AND a = 100;
EXPLAIN (COSTS OFF) SELECT * FROM pe WHERE a = 100;
EXPLAIN (COSTS OFF) SELECT * FROM pe WHERE state = 'open' AND a = 100 AND b > 3;
SELECT * FROM pe WHERE state = 'open' AND a = 100;
SELECT count(*) FROM t WHERE b > 500;
SELECT count(*) FROM t WHERE b > 500 AND flag;
DELETE FROM t WHERE flag AND b = 600;
SELECT count(*) FROM t WHERE flag;
-- errors
CREATE INDEX t_bad1 ON t (a) WHERE b;
CREATE INDEX t_bad2 ON t (a) WHERE random() > 0.5;
CREATE INDEX t_bad3 ON t (a) WHERE b IN (SELECT 1);
CREATE INDEX t_bad4 ON t (a) WHERE count(*) > 1;
CREATE INDEX t_bad5 ON t (a) WHERE nosuch > 1;
CREATE INDEX t_bad6 ON t (a) WHERE now() > '2020-01-01';
-- a predicate column renamed, then dropped with its index
ALTER TABLE t RENAME COLUMN flag TO flagged;
INSERT INTO t VALUES (0, 3000, true);
SELECT count(*) FROM t WHERE flagged;
ALTER TABLE t DROP COLUMN flagged;
SELECT count(*) FROM t;
-- VACUUM keeps the index consistent
CREATE TABLE v (id int, state text);
CREATE UNIQUE INDEX v_open ON v (id) WHERE state = 'open';
INSERT INTO v SELECT g, CASE WHEN g % 2 = 0 THEN 'open' ELSE 'closed' END FROM generate_series(1, 200) g;
DELETE FROM v WHERE id <= 100;
VACUUM v;
INSERT INTO v SELECT g, 'open' FROM generate_series(1, 100) g;
INSERT INTO v VALUES (150, 'open');
INSERT INTO v VALUES (151, 'open');
SELECT count(*), count(*) FILTER (WHERE state = 'open') FROM v;
DROP TABLE users, t, v, pe;
