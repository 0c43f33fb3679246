-- WITH RECURSIVE ... SEARCH DEPTH FIRST and CYCLE
CREATE TABLE sc_graph (f int, t int, label text);
INSERT INTO sc_graph VALUES (1, 2, 'arc 1 -> 2'), (1, 3, 'arc 1 -> 3'), (2, 3, 'arc 2 -> 3'), (1, 4, 'arc 1 -> 4'),
    (4, 5, 'arc 4 -> 5');
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g
    UNION ALL
    SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET seq
SELECT * FROM search_graph ORDER BY seq;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g
    UNION DISTINCT
    SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY t SET seq
SELECT * FROM search_graph ORDER BY seq, f;
WITH RECURSIVE test AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM test) SEARCH DEPTH FIRST BY x SET y
SELECT * FROM test LIMIT 5;
-- a cycle
INSERT INTO sc_graph VALUES (5, 1, 'arc 5 -> 1');
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g
    UNION ALL
    SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph ORDER BY path;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g
    UNION ALL
    SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle TO 'Y' DEFAULT 'N' USING path
SELECT * FROM search_graph WHERE is_cycle = 'Y' ORDER BY path;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g
    UNION ALL
    SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET seq
  CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph ORDER BY seq LIMIT 12;
WITH RECURSIVE a AS (SELECT 1 AS b UNION ALL SELECT b FROM a) CYCLE b SET c USING p SELECT * FROM a;
-- errors
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY foo, tar SET seq
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET label
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t, f SET seq
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE foo, tar SET is_cycle USING path
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET label USING path
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle USING is_cycle
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM sc_graph g UNION ALL SELECT g.* FROM sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET foo
  CYCLE f, t SET foo USING path
SELECT * FROM search_graph;
WITH sg AS (SELECT * FROM sc_graph) SEARCH DEPTH FIRST BY f SET seq SELECT * FROM sg;
