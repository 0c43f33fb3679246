-- A sequential scan decodes only the columns its query reads: every way a query reads a column must still see it
CREATE TABLE wide (a int, b text, c int, d text, e numeric, f int);
INSERT INTO wide SELECT i, 'b' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 10 END, repeat('d', i % 5),
    i / 7.0, i % 4 FROM generate_series(1, 20) i;
INSERT INTO wide VALUES (21, repeat('long text ', 1000), 210, NULL, NULL, 1);
ALTER TABLE wide ADD COLUMN g int DEFAULT 42;
ALTER TABLE wide ADD COLUMN h text DEFAULT 'h';
INSERT INTO wide VALUES (22, 'b22', 220, 'dd', 3.14, 2, 7, 'x');

SELECT count(*) FROM wide;
SELECT f, count(*) FROM wide GROUP BY f ORDER BY f;
SELECT a, g, h FROM wide WHERE a > 18 ORDER BY a;
SELECT a, length(b) FROM wide WHERE c IS NULL ORDER BY a;
SELECT sum(e) FILTER (WHERE f = 1), max(length(b)) FROM wide;
-- columns read only by a sublink, a whole-row reference, a window, ORDER BY or DISTINCT
SELECT a FROM wide w WHERE EXISTS (SELECT 1 FROM wide x WHERE x.c = w.a * 10 AND x.f = w.f) ORDER BY a;
SELECT (SELECT max(x.a) FROM wide x WHERE x.d = w.d) AS m, w.d FROM wide w WHERE w.a < 6 ORDER BY 2;
SELECT w FROM wide w WHERE a IN (1, 22) ORDER BY a;
SELECT a, sum(c) OVER (PARTITION BY f ORDER BY a) FROM wide WHERE a <= 8 ORDER BY a;
SELECT a FROM wide ORDER BY e DESC NULLS LAST, a LIMIT 3;
SELECT DISTINCT h, g FROM wide ORDER BY 1, 2;
SELECT count(*) FROM wide WHERE d = '';
-- lateral and correlated references, a view, a join
SELECT w.a, l.n FROM wide w, LATERAL (SELECT count(*) AS n FROM wide x WHERE x.f = w.f AND x.a < w.a) l
WHERE w.a > 19 ORDER BY 1;
CREATE VIEW wide_v AS SELECT a, h, e FROM wide;
SELECT h, sum(e) FROM wide_v GROUP BY h ORDER BY h;
SELECT v.a, w.f FROM wide_v v JOIN wide w ON w.a = v.a + 1 WHERE v.a > 19 ORDER BY 1;
-- writes read every column
UPDATE wide SET f = f + 1 WHERE a = 22 RETURNING *;
DELETE FROM wide WHERE a = 21 RETURNING a, c, g, h;
SELECT * FROM wide WHERE a > 19 ORDER BY a FOR UPDATE;
DROP VIEW wide_v;
DROP TABLE wide;
