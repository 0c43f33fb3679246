-- semi and anti joins (pulled-up EXISTS / NOT EXISTS / IN), hashed NOT IN, joins of several tables
CREATE TABLE dept (id int PRIMARY KEY, name text, region int);
INSERT INTO dept SELECT g, 'dept' || g, g % 5 FROM generate_series(1, 50) g;
CREATE TABLE emp (id int PRIMARY KEY, dept_id int, salary int, name text);
INSERT INTO emp SELECT g, g % 60 + 1, 1000 + (g * 37) % 5000, 'emp' || g FROM generate_series(1, 2000) g;
CREATE TABLE proj (id int, emp_id int, hours int, note text);
INSERT INTO proj SELECT g, (g * 7) % 2500, g % 40, 'p' || g FROM generate_series(1, 3000) g;
CREATE TABLE nullable (v int);
INSERT INTO nullable VALUES (1), (2), (NULL);
ANALYZE dept;
ANALYZE emp;
ANALYZE proj;
ANALYZE nullable;
-- EXISTS: a semi join
EXPLAIN (COSTS OFF) SELECT count(*) FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id);
SELECT count(*) FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id);
EXPLAIN (COSTS OFF) SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id AND p.hours > 30) AND e.salary < 1100 ORDER BY e.name;
SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id AND p.hours > 30) AND e.salary < 1100 ORDER BY e.name;
-- NOT EXISTS: an anti join
EXPLAIN (COSTS OFF) SELECT count(*) FROM emp e WHERE NOT EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id);
SELECT count(*) FROM emp e WHERE NOT EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id);
SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary > 5900) ORDER BY d.id;
-- IN (subquery): a semi join
EXPLAIN (COSTS OFF) SELECT count(*) FROM proj p WHERE p.emp_id IN (SELECT e.id FROM emp e WHERE e.salary > 5000);
SELECT count(*) FROM proj p WHERE p.emp_id IN (SELECT e.id FROM emp e WHERE e.salary > 5000);
SELECT d.id, d.name FROM dept d WHERE d.id IN (SELECT e.dept_id FROM emp e WHERE e.salary = 1037) ORDER BY 1;
-- a semi join after an inner join, with a join filter
EXPLAIN (COSTS OFF) SELECT count(*) FROM emp e JOIN dept d ON e.dept_id = d.id WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id AND p.hours < d.region);
SELECT count(*) FROM emp e JOIN dept d ON e.dept_id = d.id WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id AND p.hours < d.region);
-- correlation without an equality: a nested loop semi join
EXPLAIN (COSTS OFF) SELECT d.id FROM dept d WHERE EXISTS (SELECT 1 FROM nullable n WHERE n.v > d.region) ORDER BY d.id;
SELECT d.id FROM dept d WHERE EXISTS (SELECT 1 FROM nullable n WHERE n.v > d.region) ORDER BY d.id;
SELECT d.id FROM dept d WHERE NOT EXISTS (SELECT 1 FROM nullable n WHERE n.v > d.region) ORDER BY d.id;
-- NOT IN keeps SQL's null semantics (a hashed subplan, not an anti join)
SELECT count(*) FROM dept d WHERE d.id NOT IN (SELECT v FROM nullable);
SELECT count(*) FROM dept d WHERE d.id NOT IN (SELECT v FROM nullable WHERE v IS NOT NULL);
SELECT count(*) FROM dept d WHERE d.id NOT IN (SELECT v FROM nullable WHERE false);
SELECT count(*) FROM dept d WHERE d.id IN (SELECT v FROM nullable) OR d.id = 10;
SELECT v, v IN (SELECT id FROM dept WHERE id < 2), v NOT IN (SELECT v FROM nullable WHERE v = 2) FROM nullable ORDER BY v;
-- nested EXISTS (subselect.sql's planner-bug case)
SELECT count(*), min(a.id), max(a.id) FROM emp a, emp b
WHERE a.id = b.id
  AND EXISTS (SELECT 1 FROM proj c WHERE b.id = c.emp_id
              AND NOT EXISTS (SELECT 1 FROM dept d WHERE a.dept_id = d.id));
SELECT count(*) FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id
  AND EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id AND d.region = p.hours % 5));
-- EXISTS that stays a subplan: under OR, uncorrelated, with an aggregate
SELECT count(*) FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary > 5990) OR d.id < 3;
SELECT count(*) FROM dept d WHERE EXISTS (SELECT 1 FROM nullable);
SELECT count(*) FROM dept d WHERE EXISTS (SELECT max(e.salary) FROM emp e WHERE e.dept_id = d.id);
-- four tables
SELECT d.region, count(*), sum(p.hours) FROM dept d JOIN emp e ON e.dept_id = d.id JOIN proj p ON p.emp_id = e.id
  JOIN emp m ON m.id = p.id WHERE m.salary > 3000 GROUP BY d.region ORDER BY d.region;
-- a nested loop with a rescanned inner side: Materialize
EXPLAIN (COSTS OFF) SELECT count(*) FROM dept d, nullable n WHERE d.region < n.v;
SELECT count(*) FROM dept d, nullable n WHERE d.region < n.v;
-- index-only scans: every column the query reads is in the index
EXPLAIN (COSTS OFF) SELECT id FROM emp WHERE id < 10;
SELECT id FROM emp WHERE id < 10;
EXPLAIN (COSTS OFF) SELECT count(*) FROM emp WHERE id BETWEEN 100 AND 120;
SELECT count(*) FROM emp WHERE id BETWEEN 100 AND 120;
-- a semi join on the inner side's unique key is a plain join; an anti join hashes an expression
EXPLAIN (COSTS OFF) SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.id = d.id * 7);
SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.id = d.id * 7) ORDER BY d.id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.id = d.id * 7 AND e.salary > 3000);
SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.id = d.id * 7 AND e.salary > 3000) ORDER BY d.id LIMIT 5;
-- an index's equality prefix and a range on its next column
CREATE INDEX proj_emp_hours ON proj (emp_id, hours);
EXPLAIN (COSTS OFF) SELECT count(*) FROM proj WHERE emp_id = 7 AND hours > 10;
SELECT count(*) FROM proj WHERE emp_id = 7 AND hours > 10;
SELECT count(*) FROM proj WHERE emp_id = 7 AND hours >= 1 AND hours < 40;
-- a correlated EXISTS under OR: a hashed subplan when no index serves its equality
SELECT count(*) FROM emp e WHERE EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id + 100 AND p.hours > 35) OR e.salary < 1010;
SELECT count(*) FROM emp e WHERE NOT EXISTS (SELECT 1 FROM proj p WHERE p.emp_id = e.id + 100 AND p.hours > 35) OR e.salary < 1010;
-- subplans that read a value of an enclosing level two levels out are run again for each of its rows
SELECT (SELECT min(e.id) FROM emp e WHERE e.dept_id = (SELECT d.id FROM dept d WHERE d.id = n.v)) FROM nullable n ORDER BY n.v;
SELECT val.x FROM generate_series(1, 3) AS s(i), LATERAL (VALUES ((SELECT s.i + 1)), (s.i + 101)) AS val(x);
