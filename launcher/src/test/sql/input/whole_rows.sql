-- whole-row references: t and t.* in expressions are the row as a record
CREATE TABLE wr_a (id int, name text, score numeric);
INSERT INTO wr_a VALUES (1, 'one', 1.5), (2, 'two words', NULL), (3, '', 0);
CREATE TABLE wr_b (id int, note text);
INSERT INTO wr_b VALUES (1, 'x'), (1, 'y'), (4, 'z');
SELECT wr_a FROM wr_a ORDER BY id;
SELECT a FROM wr_a a ORDER BY id;
SELECT a.* IS NULL AS all_null, a IS NOT NULL AS none_null FROM wr_a a ORDER BY id;
SELECT (a.*)::text FROM wr_a a ORDER BY id;
SELECT foo FROM (SELECT 1 OFFSET 0) AS foo;
SELECT foo FROM (SELECT NULL OFFSET 0) AS foo;
SELECT foo FROM (SELECT 'xyzzy', 1, NULL OFFSET 0) AS foo;
SELECT q FROM (SELECT max(id) FROM wr_a GROUP BY id ORDER BY id) q;
WITH q AS (SELECT id, name FROM wr_a ORDER BY id) SELECT q FROM q;
-- null-extended rows of an outer join give a null whole row
SELECT a.id, count(b.*) FROM wr_a a LEFT JOIN wr_b b ON a.id = b.id GROUP BY a.id ORDER BY 1;
SELECT a.id, b FROM wr_a a LEFT JOIN wr_b b ON a.id = b.id ORDER BY 1, 2;
SELECT a.id, b IS NULL FROM wr_a a LEFT JOIN wr_b b ON a.id = b.id ORDER BY 1, 2;
SELECT a, b FROM wr_a a FULL JOIN wr_b b ON a.id = b.id ORDER BY a.id, b.note;
-- a join alias
SELECT x FROM wr_a JOIN wr_b USING (id) AS x ORDER BY 1;
SELECT ROW(x.*) FROM wr_a JOIN wr_b USING (id) AS x ORDER BY 1;
-- correlated whole rows, in subqueries and LATERAL
SELECT (SELECT a) FROM wr_a a ORDER BY id;
SELECT (SELECT (SELECT a)) FROM wr_a a ORDER BY id;
SELECT * FROM wr_a a LEFT JOIN LATERAL (SELECT coalesce(a) AS c FROM wr_b b WHERE a.id = b.id) k ON true
ORDER BY a.id, k.c;
-- ROW(t.*) and VALUES (t.*) expand the columns
SELECT ROW(a.*) FROM wr_a a ORDER BY id;
SELECT * FROM wr_b b, LATERAL (VALUES (b.*)) v ORDER BY 1, 2;
-- comparing whole rows
SELECT a.id FROM wr_a a, wr_a c WHERE a = c ORDER BY 1;
-- outer-level star references
SELECT * FROM wr_a a, LATERAL (SELECT a.* FROM wr_b LIMIT 1) s ORDER BY 1;
SELECT (SELECT ARRAY[ss.*] FROM (SELECT a.*) ss LIMIT 1) FROM wr_a a ORDER BY id;
-- errors
SELECT nosuch.* IS NULL FROM wr_a;
SELECT wr_a.*.* FROM wr_a;
