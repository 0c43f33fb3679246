-- WITH queries compute their rows as their readers need them: a LIMIT stops a recursion that never ends
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t) SELECT * FROM t LIMIT 10;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t) SELECT * FROM t LIMIT 5;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM t) SELECT * FROM t ORDER BY n;
-- two readers of one WITH query at different speeds
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t)
SELECT a.n, b.n FROM (SELECT n FROM t LIMIT 3) a, (SELECT n FROM t LIMIT 2) b ORDER BY 1, 2;
WITH w AS (SELECT g FROM generate_series(1, 5) g)
SELECT (SELECT count(*) FROM w), (SELECT g FROM w WHERE g > 3 LIMIT 1), (SELECT max(g) FROM w);
-- a recursive query read again inside a correlated subquery
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 4)
SELECT g, (SELECT sum(n) FROM t WHERE n <= g) FROM generate_series(1, 5) g;
-- the work table only holds the last round
WITH RECURSIVE fib(a, b, i) AS (SELECT 0::numeric, 1::numeric, 1 UNION ALL SELECT b, a + b, i + 1 FROM fib)
SELECT i, a FROM fib WHERE i IN (1, 2, 10, 50) LIMIT 4;
-- an error in a round ends the statement
WITH RECURSIVE t(n) AS (VALUES (3) UNION ALL SELECT n - 1 + 0 * (1 / n) FROM t) SELECT * FROM t LIMIT 10;
-- OFFSET and LIMIT may use an outer query's columns
SELECT (SELECT n FROM (SELECT n FROM generate_series(1, 10) AS n ORDER BY n LIMIT 1 OFFSET s - 1) AS y) AS z
FROM generate_series(1, 4) AS s;
SELECT s, (SELECT count(*) FROM (SELECT 1 FROM generate_series(1, 10) LIMIT s) x) FROM generate_series(0, 3) s;
SELECT * FROM generate_series(1, 3) s LIMIT s;
