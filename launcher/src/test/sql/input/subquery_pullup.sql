-- subqueries in FROM and views pulled up into the query around them (prepjointree.c pull_up_subqueries):
-- the parent's quals reach the base table's index, EXPLAIN shows the base tables, results are unchanged
CREATE TABLE pt (id int PRIMARY KEY, a int, b text);
INSERT INTO pt SELECT g, g % 10, 'x' || g FROM generate_series(1, 1000) g;
CREATE TABLE pu (id int PRIMARY KEY, tid int);
INSERT INTO pu SELECT g, g % 100 FROM generate_series(1, 200) g;
ANALYZE pt;
ANALYZE pu;
CREATE VIEW pv AS SELECT id, a, b || '!' AS bb FROM pt WHERE a < 5;
-- a view's quals and the query's meet at the table
EXPLAIN (COSTS OFF) SELECT * FROM pv WHERE id = 42;
SELECT * FROM pv WHERE id = 42;
SELECT * FROM pv WHERE id = 43;
-- nested subqueries flatten into one scan
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM (SELECT id, a * 2 AS a2 FROM pt) s1 WHERE a2 > 10) s2 WHERE id < 20;
SELECT * FROM (SELECT * FROM (SELECT id, a * 2 AS a2 FROM pt) s1 WHERE a2 > 10) s2 WHERE id < 20 ORDER BY id;
-- joins, aggregates and sublinks over pulled-up subqueries
SELECT count(*) FROM (SELECT id, a FROM pt) s JOIN pu ON pu.tid = s.id WHERE s.a = 3;
SELECT s.x, count(*) FROM (SELECT a AS x, b FROM pt WHERE id > 10) s GROUP BY s.x ORDER BY 1;
SELECT sum(a2), max(a2) FROM (SELECT a * 2 AS a2, id FROM pt) s WHERE id BETWEEN 1 AND 10;
SELECT * FROM pu WHERE EXISTS (SELECT 1 FROM pv WHERE pv.id = pu.tid AND pv.a = 1) ORDER BY id LIMIT 3;
SELECT (SELECT max(bb) FROM pv WHERE pv.id < pu.id) FROM pu WHERE pu.id IN (2, 50) ORDER BY 1;
SELECT * FROM (SELECT 1 AS k, id FROM pt) s WHERE s.id = 7;
-- outer joins: a subquery on the nullable side, with plain and computed columns
SELECT * FROM pu LEFT JOIN (SELECT id, a FROM pt WHERE a > 5) s ON s.id = pu.tid WHERE pu.id < 8 ORDER BY pu.id;
SELECT * FROM pu LEFT JOIN (SELECT id, a + 1 AS a1, 'k' AS k FROM pt WHERE a > 5) s ON s.id = pu.tid
WHERE pu.id < 8 ORDER BY pu.id;
SELECT * FROM (SELECT id, 'c' AS c FROM pt WHERE id < 3) s FULL JOIN (SELECT id, 'd' AS d FROM pu WHERE id BETWEEN 2 AND 4) r
USING (id) ORDER BY id;
SELECT pu.id, s.id IS NULL AS missing FROM pu LEFT JOIN (SELECT id FROM pt WHERE id % 2 = 0) s ON s.id = pu.id
WHERE pu.id <= 4 ORDER BY 1;
-- LATERAL subqueries reading a pulled-up one
SELECT x.id, l.n FROM (SELECT id FROM pt WHERE id < 4) x, LATERAL (SELECT x.id * 10 AS n) l ORDER BY 1;
SELECT x.id, l.n FROM (VALUES (1), (2), (3)) x(id) LEFT JOIN LATERAL (SELECT x.id * 10 AS n WHERE x.id > 1) l ON true
ORDER BY 1;
-- not pulled up: aggregates, DISTINCT, LIMIT, volatile outputs keep their own scan
SELECT * FROM (SELECT a, count(*) AS n FROM pt GROUP BY a) g WHERE g.a = 3;
SELECT * FROM (SELECT DISTINCT a FROM pt) d WHERE d.a < 2 ORDER BY 1;
SELECT * FROM (SELECT id FROM pt ORDER BY id LIMIT 3) l WHERE l.id > 1;
SELECT count(*) FROM (SELECT id, random() AS r FROM pt) s WHERE r >= 0 AND id < 5;
-- a row changed under a pulled-up view is seen
UPDATE pt SET b = 'changed' WHERE id = 42;
SELECT * FROM pv WHERE id = 42;
DROP VIEW pv;
DROP TABLE pt;
DROP TABLE pu;
