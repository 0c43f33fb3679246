-- WITH RECURSIVE: every WITH query sees every other one, also one written after it (analysed dependencies
-- first); a nested WITH hides an outer name; a WITH on a UNION inside a set operation or a recursive query
CREATE TEMP TABLE y (a integer);
INSERT INTO y SELECT generate_series(1, 10);

WITH RECURSIVE
  x(id) AS (SELECT * FROM z UNION ALL SELECT id+1 FROM x WHERE id < 5),
  z(id) AS (VALUES (1))
SELECT * FROM x;

WITH RECURSIVE
  a(n) AS (SELECT n + 1 FROM b),
  b(n) AS (SELECT n * 10 FROM c),
  c(n) AS (VALUES (1), (2))
SELECT * FROM a ORDER BY n;

-- not recursive: the inner w6 hides the outer one
WITH RECURSIVE w1(c1) AS
 (WITH w2(c2) AS
  (WITH RECURSIVE w6(c6) AS
   (WITH w6(c6) AS (SELECT 1)
    SELECT * FROM w6)
   SELECT * FROM w6)
  SELECT * FROM w2)
SELECT * FROM w1;

-- a WITH written on the recursive query's UNION is read by both terms
WITH RECURSIVE t(j) AS (
    WITH RECURSIVE s(i) AS (
        VALUES (1)
        UNION ALL
        SELECT i+1 FROM s WHERE i < 3
    )
    SELECT i FROM s
    UNION ALL
    SELECT j+1 FROM t WHERE j < 4
)
SELECT j, count(*) FROM t GROUP BY j ORDER BY j;

-- WITH attached to an intermediate-level set operation
WITH outermost(x) AS (
  SELECT 1
  UNION (WITH innermost AS (SELECT 2)
         SELECT * FROM innermost
         UNION SELECT 3)
)
SELECT * FROM outermost ORDER BY 1;

WITH RECURSIVE outermost(x) AS (
  SELECT 1
  UNION (WITH innermost AS (SELECT 2)
         SELECT * FROM outermost
         UNION SELECT * FROM innermost)
)
SELECT * FROM outermost ORDER BY 1;

(SELECT 1 UNION SELECT 2 ORDER BY 1 DESC LIMIT 1) UNION ALL SELECT 3 ORDER BY 1;
SELECT 1 UNION ALL (SELECT 5 UNION SELECT 4 ORDER BY 1 LIMIT 1) ORDER BY 1;

-- errors
WITH RECURSIVE
  x (id) AS (SELECT 1 UNION ALL SELECT id+1 FROM z WHERE id < 5),
  z (id) AS (SELECT 1 UNION ALL SELECT id+1 FROM x WHERE id < 5)
SELECT * FROM x;
WITH x AS (SELECT * FROM z), z AS (SELECT 1) SELECT * FROM x;
WITH outermost(x) AS (
  SELECT 1
  UNION (WITH innermost AS (SELECT 2)
         SELECT * FROM outermost
         UNION SELECT * FROM innermost)
)
SELECT * FROM outermost ORDER BY 1;
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x;
WITH RECURSIVE x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x;

-- data-modifying WITH queries reading each other forward
WITH RECURSIVE t AS (
	INSERT INTO y
		SELECT a+5 FROM t2 WHERE a > 5
	RETURNING *
), t2 AS (
	UPDATE y SET a=a-11 RETURNING *
)
SELECT * FROM t
UNION ALL
SELECT * FROM t2
ORDER BY 1;
SELECT * FROM y ORDER BY a;

-- recursive views
CREATE RECURSIVE VIEW nums (n) AS
    VALUES (1)
UNION ALL
    SELECT n+1 FROM nums WHERE n < 5;
SELECT * FROM nums;
CREATE OR REPLACE RECURSIVE VIEW nums (n) AS
    VALUES (1)
UNION ALL
    SELECT n+1 FROM nums WHERE n < 6;
SELECT * FROM nums;
CREATE TEMP RECURSIVE VIEW "Fib" ("first", "Second") AS
    SELECT 0, 1
UNION ALL
    SELECT "Second", "first" + "Second" FROM "Fib" WHERE "first" < 20;
SELECT * FROM "Fib";
SELECT max("Second") FROM "Fib" f JOIN nums ON n = f."first";
DROP VIEW nums;

-- a semicolon inside parentheses does not end a statement
SELECT (1; SELECT 2);

-- FOR UPDATE without OF locks no WITH query's rows; naming one is an error
CREATE TEMP TABLE locked (k int, v text);
INSERT INTO locked VALUES (1, 'a'), (2, 'b');
WITH x AS (SELECT * FROM locked) SELECT * FROM x ORDER BY k FOR UPDATE;
WITH x AS (SELECT * FROM locked) SELECT * FROM x, locked l WHERE l.k = x.k ORDER BY 1 FOR SHARE;
WITH x AS (SELECT * FROM locked) SELECT * FROM x FOR UPDATE OF x;
SELECT k FROM locked ORDER BY k FETCH FIRST NULL ROWS WITH TIES;
SELECT k FROM locked ORDER BY k FETCH FIRST (NULL + 1) ROWS WITH TIES;
