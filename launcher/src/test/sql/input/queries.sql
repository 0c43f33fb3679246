-- Issue 9: the queries applications send, through PostgreSQL's grammar, the analyzer, the planner and the
-- executor. Every result is ordered so that it does not depend on a plan's row order.
CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept int, salary numeric(8,2), boss int);
CREATE TABLE dept (id int PRIMARY KEY, title text);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'sales'), (4, 'empty');
INSERT INTO emp VALUES (1, 'ada', 1, 5000, NULL), (2, 'bob', 1, 4000, 1), (3, 'cy', 2, 3000, 1),
  (4, 'di', 2, 3500, 3), (5, 'ed', 3, 2500, 1), (6, 'flo', NULL, 1000, 5), (7, 'gus', 1, 4000, 2);
-- subqueries and VALUES in FROM
SELECT s.name, s.salary FROM (SELECT name, salary FROM emp WHERE salary > 3000) s ORDER BY s.salary DESC, s.name;
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS v(n, word) ORDER BY n DESC;
VALUES (1, 'a'), (2, 'b') ORDER BY 1 DESC;
SELECT x.n, y.m FROM (VALUES (1), (2)) x(n) CROSS JOIN (VALUES (10), (20)) y(m) ORDER BY 1, 2;
SELECT d.title, top.name FROM dept d, LATERAL (SELECT name FROM emp e WHERE e.dept = d.id ORDER BY salary DESC LIMIT 1) top ORDER BY 1;
-- joins
SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.id;
SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.id ORDER BY e.id;
SELECT e.name, d.title FROM emp e RIGHT JOIN dept d ON e.dept = d.id ORDER BY d.id, e.id;
SELECT e.name, d.title FROM emp e FULL JOIN dept d ON e.dept = d.id ORDER BY d.id, e.id;
SELECT count(*) FROM emp CROSS JOIN dept;
SELECT * FROM (SELECT id, name FROM emp) a NATURAL JOIN (SELECT id, title FROM dept) b ORDER BY id;
SELECT id, name, title FROM (SELECT id, name FROM emp) a JOIN (SELECT id, title FROM dept) b USING (id) ORDER BY id;
SELECT w.name, b.name AS boss FROM emp w LEFT JOIN emp b ON w.boss = b.id ORDER BY w.id;
SELECT e.name FROM emp e JOIN dept d ON e.dept = d.id AND d.title = 'ops' ORDER BY 1;
-- aggregates
SELECT dept, count(*), sum(salary), avg(salary), min(name), max(salary) FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;
SELECT count(*) FILTER (WHERE salary > 3000) AS rich, count(DISTINCT dept), string_agg(name, ',' ORDER BY name DESC) FROM emp;
SELECT bool_and(salary > 1000), bool_or(salary > 4500), every(dept IS NOT NULL) FROM emp;
SELECT dept, stddev(salary)::numeric(10,4), variance(salary)::numeric(12,2) FROM emp WHERE dept IS NOT NULL GROUP BY dept ORDER BY dept;
SELECT count(*), sum(salary) FROM emp WHERE false;
SELECT name FROM emp GROUP BY dept;
-- DISTINCT
SELECT DISTINCT dept FROM emp ORDER BY dept;
SELECT DISTINCT ON (dept) dept, name, salary FROM emp ORDER BY dept, salary DESC;
-- subqueries in expressions
SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM emp s WHERE s.boss = e.id) ORDER BY 1;
SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM emp s WHERE s.boss = e.id) ORDER BY 1;
SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE title <> 'eng') ORDER BY 1;
SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept = 2) ORDER BY 1;
SELECT name, (SELECT title FROM dept d WHERE d.id = e.dept) AS title FROM emp e ORDER BY id;
SELECT name FROM emp WHERE salary = (SELECT max(salary) FROM emp);
SELECT (SELECT id FROM emp);
-- set operations
SELECT dept FROM emp UNION SELECT id FROM dept ORDER BY 1;
SELECT dept FROM emp UNION ALL SELECT id FROM dept ORDER BY 1;
SELECT id FROM dept INTERSECT SELECT dept FROM emp ORDER BY 1;
SELECT id FROM dept EXCEPT SELECT dept FROM emp ORDER BY 1;
SELECT dept FROM emp EXCEPT ALL SELECT id FROM dept ORDER BY 1;
SELECT 1 AS a, 'x' AS b UNION SELECT 2, 'y' ORDER BY a DESC LIMIT 1;
SELECT 1 UNION SELECT 1, 2;
-- WITH
WITH rich AS (SELECT * FROM emp WHERE salary >= 4000) SELECT name FROM rich ORDER BY name;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b;
WITH RECURSIVE chain(id, name, depth) AS (
  SELECT id, name, 0 FROM emp WHERE boss IS NULL
  UNION ALL
  SELECT e.id, e.name, c.depth + 1 FROM emp e JOIN chain c ON e.boss = c.id
) SELECT * FROM chain ORDER BY depth, id;
WITH RECURSIVE t(n) AS (VALUES (1) UNION SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t;
-- window functions
SELECT name, dept, salary, row_number() OVER w, rank() OVER w, dense_rank() OVER w
  FROM emp WHERE dept IS NOT NULL WINDOW w AS (PARTITION BY dept ORDER BY salary DESC) ORDER BY dept, salary DESC, name;
SELECT name, salary, sum(salary) OVER (ORDER BY id) AS running, avg(salary) OVER () AS overall FROM emp ORDER BY id;
SELECT name, lag(name) OVER (ORDER BY id), lead(name, 2, '-') OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT name, first_value(name) OVER w, last_value(name) OVER w, nth_value(name, 2) OVER w
  FROM emp WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY id;
SELECT id, ntile(3) OVER (ORDER BY id), percent_rank() OVER (ORDER BY id), cume_dist() OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, count(*) OVER (ORDER BY dept RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM emp ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM emp ORDER BY id;
SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary) DESC) FROM emp GROUP BY dept ORDER BY 3, 1;
SELECT id FROM emp WHERE row_number() OVER () > 1;
-- LIMIT, OFFSET, ORDER BY forms
SELECT name FROM emp ORDER BY salary DESC NULLS LAST, name LIMIT 3 OFFSET 1;
SELECT name AS n FROM emp ORDER BY n DESC LIMIT 2;
SELECT name FROM emp ORDER BY 2;
SELECT name FROM emp LIMIT -1;
-- name resolution errors
SELECT id FROM emp, dept;
SELECT nosuch FROM emp;
SELECT emp.name FROM emp e;
SELECT x.id FROM emp;
-- set-returning functions in the target list (ProjectSet)
SELECT generate_series(1, 3) AS n;
SELECT id, generate_series(1, id) FROM dept ORDER BY 1, 2;
SELECT generate_series(1, 2) AS a, generate_series(1, 3) AS b ORDER BY 1, 2;
SELECT regexp_split_to_table('a,b,c', ',') AS part ORDER BY 1 DESC;
SELECT name FROM emp WHERE generate_series(1, 2) > 1;
-- EXPLAIN
EXPLAIN (COSTS OFF) SELECT generate_series(1, 3);
EXPLAIN (COSTS OFF) SELECT * FROM emp WHERE id = 3;
EXPLAIN (COSTS OFF) SELECT name FROM emp WHERE salary > 3000;
EXPLAIN (COSTS OFF) SELECT name FROM emp ORDER BY name LIMIT 2;
EXPLAIN (COSTS OFF) SELECT dept, count(*) FROM emp GROUP BY dept;
EXPLAIN (COSTS OFF) SELECT count(*) FROM emp;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT name FROM emp WHERE salary > 3000;
EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM emp;
EXPLAIN (nosuch) SELECT 1;
-- LEFT JOIN LATERAL: the lateral side is scanned per row of the left one
select x.id, ss.n from (values (1), (2), (3)) x(id) left join lateral (select x.id * 10 as n where x.id > 1) ss on true order by 1;
-- ORDER BY ... USING: < ascending, > descending (nulls first), other operators are no ordering operators
select x from (values (3), (null), (1), (2)) v(x) order by x using >;
select x from (values (3), (null), (1), (2)) v(x) order by x using <;
select x from (values (3), (1)) v(x) order by x using =;
-- FETCH FIRST ... WITH TIES: rows equal to the last one on the ORDER BY keys come too
select x, y from (values (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')) v(x, y) order by x fetch first 2 rows with ties;
select x from (values (1), (1), (1), (2)) v(x) order by x offset 1 rows fetch first 1 row with ties;
select x from (values (1), (2)) v(x) order by x fetch first 0 rows with ties;
select x from (values (1), (2)) v(x) fetch first 1 row with ties;
-- || with a boolean: anytextcat casts it to text (true/false, not boolout's t/f)
select 'a' || true, false || 'b'::varchar, 'x' || null::bool;
