-- set-returning functions in the target list above grouping and windows
CREATE TABLE qs (g int, v int);
INSERT INTO qs VALUES (1, 10), (1, 20), (2, 5), (3, NULL);
SELECT max(v), generate_series(1, 3) AS s FROM qs ORDER BY s DESC;
SELECT g, generate_series(1, count(*)::int) AS n FROM qs GROUP BY g ORDER BY g, n;
SELECT g, unnest(array_agg(v ORDER BY v)) FROM qs GROUP BY g ORDER BY 1, 2;
SELECT g, generate_series(1, 2), sum(v) OVER (PARTITION BY g) FROM qs ORDER BY 1, 2, 3;
SELECT generate_series(1, 2) AS s, count(*) FROM qs HAVING count(*) > 1 ORDER BY s;
SELECT * FROM qs o WHERE (g, g) IN (SELECT g, generate_series(1, 4) / 2 FROM qs GROUP BY g) ORDER BY 1, 2;
SELECT g, generate_series(1, v) FROM qs GROUP BY g;
-- WITH queries that read an outer query's columns
SELECT (WITH c(x) AS (VALUES (g)) SELECT (SELECT x FROM c)) FROM generate_series(1, 3) g;
SELECT (WITH c(x) AS (VALUES (g)) VALUES ((SELECT x FROM c))) FROM generate_series(1, 3) g;
SELECT g, (WITH c AS (SELECT v FROM qs WHERE qs.g = o.g) SELECT sum(v) FROM c) FROM qs o GROUP BY g ORDER BY g;
SELECT o.g, ss.a FROM (SELECT DISTINCT g FROM qs) o CROSS JOIN LATERAL (
    WITH RECURSIVE x(a) AS (SELECT o.g AS a UNION SELECT a + 1 FROM x WHERE a < 4)
    SELECT * FROM x) ss ORDER BY 1, 2;
SELECT sum(o.g), sum(ss.a) FROM qs o CROSS JOIN LATERAL (
    WITH RECURSIVE x(a) AS (SELECT o.g AS a UNION ALL SELECT a + 1 FROM x WHERE a < 5)
    SELECT * FROM x) ss;
-- untyped literals in UNION take the other side's type
SELECT '42' UNION ALL SELECT 43;
SELECT 1 UNION SELECT '2' UNION SELECT '3' ORDER BY 1;
SELECT NULL UNION SELECT 1 ORDER BY 1;
SELECT (SELECT 5 AS five UNION SELECT 6 ORDER BY 1 LIMIT 1);
SELECT x, pg_typeof(x) FROM (SELECT 'a' UNION SELECT 'b') s(x) ORDER BY 1;
SELECT x, pg_typeof(x) FROM (SELECT '1' UNION SELECT NULL) s(x) ORDER BY 1;
SELECT '1.5' UNION SELECT 2.5 ORDER BY 1;
SELECT 'x' UNION ALL SELECT 1;
SELECT booleq(true, false), boolne(true, false), boollt(false, true), boolge(false, true);
