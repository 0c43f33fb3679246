-- MERGE (PostgreSQL 15): WHEN MATCHED / NOT MATCHED clauses, conditions, sources, errors, triggers, constraints
CREATE TABLE target (tid integer PRIMARY KEY, balance integer NOT NULL DEFAULT 0, note text);
CREATE TABLE source (sid integer, delta integer, note text);
INSERT INTO target VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 30, 'three');
INSERT INTO source VALUES (2, 5, 'src two'), (3, -30, 'src three'), (4, 40, 'src four'), (5, 50, NULL);

-- update matched rows, insert the others
BEGIN;
MERGE INTO target t
USING source s
ON t.tid = s.sid
WHEN MATCHED THEN
    UPDATE SET balance = t.balance + s.delta
WHEN NOT MATCHED THEN
    INSERT VALUES (s.sid, s.delta, s.note);
SELECT * FROM target ORDER BY tid;
ROLLBACK;

-- conditions: the first clause whose condition holds; DELETE and DO NOTHING
BEGIN;
MERGE INTO target t
USING source s
ON t.tid = s.sid
WHEN MATCHED AND t.balance + s.delta <= 0 THEN
    DELETE
WHEN MATCHED THEN
    UPDATE SET balance = t.balance + s.delta, note = s.note
WHEN NOT MATCHED AND s.note IS NULL THEN
    DO NOTHING
WHEN NOT MATCHED THEN
    INSERT (tid, note) VALUES (s.sid, s.note);
SELECT * FROM target ORDER BY tid;
ROLLBACK;

-- DEFAULT VALUES, DEFAULT in a VALUES list, a column list in another order
BEGIN;
CREATE TABLE counted (id serial, name text DEFAULT 'unnamed', n integer);
MERGE INTO counted c USING (VALUES ('a', 1), ('b', 2)) AS v(name, n) ON c.name = v.name
WHEN NOT MATCHED AND v.n = 1 THEN INSERT DEFAULT VALUES
WHEN NOT MATCHED THEN INSERT (n, name) VALUES (v.n, DEFAULT);
SELECT * FROM counted ORDER BY id;
ROLLBACK;

-- a subquery source, a WITH query, a source with no rows
BEGIN;
WITH deltas AS (SELECT sid, sum(delta) AS d FROM source GROUP BY sid)
MERGE INTO target t
USING (SELECT sid, d FROM deltas WHERE d > 0) AS s
ON t.tid = s.sid
WHEN MATCHED THEN UPDATE SET balance = balance + d
WHEN NOT MATCHED THEN INSERT (tid, balance) VALUES (s.sid, s.d * 10);
SELECT * FROM target ORDER BY tid;
MERGE INTO target t USING (SELECT * FROM source WHERE false) s ON t.tid = s.sid
WHEN MATCHED THEN DELETE;
ROLLBACK;

-- target and source without aliases, qualified by their table names
BEGIN;
MERGE INTO target USING source ON target.tid = source.sid
WHEN MATCHED THEN UPDATE SET note = source.note || '!';
SELECT * FROM target ORDER BY tid;
ROLLBACK;

-- MATCHED only: an inner join, unmatched source rows are skipped
BEGIN;
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN DELETE;
SELECT * FROM target ORDER BY tid;
ROLLBACK;

-- errors
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN DELETE
WHEN MATCHED AND s.delta > 0 THEN UPDATE SET balance = 0;
MERGE INTO target USING target ON true WHEN MATCHED THEN DELETE;
MERGE INTO target t USING source t ON true WHEN MATCHED THEN DELETE;
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN NOT MATCHED THEN INSERT VALUES (t.tid, 1);
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN UPDATE SET nosuch = 1;
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN NOT MATCHED THEN INSERT VALUES (s.sid, 1, 'x', 'too many');
MERGE INTO target t USING (SELECT * FROM source WHERE t.tid > sid) s ON t.tid = s.sid
WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
WITH foo AS (MERGE INTO target USING source ON (true) WHEN MATCHED THEN DELETE) SELECT * FROM foo;
COPY (MERGE INTO target USING source ON (true) WHEN MATCHED THEN DELETE) TO stdout;
MERGE INTO nosuch t USING source s ON t.tid = s.sid WHEN MATCHED THEN DELETE;
CREATE VIEW target_view AS SELECT * FROM target;
MERGE INTO target_view t USING source s ON t.tid = s.sid WHEN MATCHED THEN DELETE;
DROP VIEW target_view;
WITH RECURSIVE r AS (SELECT 1) MERGE INTO target t USING source s ON t.tid = s.sid WHEN MATCHED THEN DELETE;
-- a target row matched by two source rows
BEGIN;
INSERT INTO source VALUES (2, 1, 'second');
MERGE INTO target t USING source s ON t.tid = s.sid WHEN MATCHED THEN UPDATE SET balance = balance + delta;
ROLLBACK;
-- twice, but DO NOTHING for one of them is fine
BEGIN;
INSERT INTO source VALUES (2, 1, 'second');
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED AND s.note = 'second' THEN DO NOTHING
WHEN MATCHED THEN UPDATE SET balance = balance + delta;
SELECT * FROM target ORDER BY tid;
ROLLBACK;

-- constraints: NOT NULL, CHECK, a unique key, a foreign key
BEGIN;
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN UPDATE SET balance = NULL;
ROLLBACK;
BEGIN;
MERGE INTO target t USING (VALUES (1)) s(x) ON false
WHEN NOT MATCHED THEN INSERT VALUES (1, 1);
ROLLBACK;
CREATE TABLE checked (id integer PRIMARY KEY, v integer CHECK (v > 0));
INSERT INTO checked VALUES (1, 1);
MERGE INTO checked c USING (VALUES (1, -1)) s(id, v) ON c.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
CREATE TABLE child (id integer PRIMARY KEY, parent integer REFERENCES checked);
MERGE INTO child c USING (VALUES (1, 99)) s(id, p) ON c.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.p);
MERGE INTO child c USING (VALUES (1, 1)) s(id, p) ON c.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.p);
MERGE INTO checked c USING (VALUES (1)) s(id) ON c.id = s.id WHEN MATCHED THEN DELETE;
SELECT * FROM child;

-- triggers fire for the actions that run: BEFORE STATEMENT for INSERT, UPDATE, DELETE; AFTER ROW in the order the
-- rows were written; AFTER STATEMENT for DELETE, UPDATE, INSERT (NEW and OLD are null where they do not apply)
CREATE FUNCTION merge_trig() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    SELECT INTO line format('%s %s %s%s', TG_WHEN, TG_OP, TG_LEVEL, CASE
        WHEN TG_OP = 'INSERT' AND TG_LEVEL = 'ROW' THEN format(' %s', NEW)
        WHEN TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW' THEN format(' %s -> %s', OLD, NEW)
        WHEN TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN format(' %s', OLD)
        END);
    RAISE NOTICE '%', line;
    IF TG_WHEN = 'BEFORE' AND TG_LEVEL = 'ROW' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RETURN NULL;
END $$;
CREATE TABLE trig_target (id integer PRIMARY KEY, v integer);
INSERT INTO trig_target VALUES (1, 1), (2, 2);
CREATE TRIGGER bs BEFORE INSERT OR UPDATE OR DELETE ON trig_target FOR EACH STATEMENT EXECUTE FUNCTION merge_trig();
CREATE TRIGGER br BEFORE INSERT OR UPDATE OR DELETE ON trig_target FOR EACH ROW EXECUTE FUNCTION merge_trig();
CREATE TRIGGER ar AFTER INSERT OR UPDATE OR DELETE ON trig_target FOR EACH ROW EXECUTE FUNCTION merge_trig();
CREATE TRIGGER as_ AFTER INSERT OR UPDATE OR DELETE ON trig_target FOR EACH STATEMENT EXECUTE FUNCTION merge_trig();
MERGE INTO trig_target t USING (VALUES (1, 10), (3, 30), (2, NULL)) s(id, v) ON t.id = s.id
WHEN MATCHED AND s.v IS NULL THEN DELETE
WHEN MATCHED THEN UPDATE SET v = s.v
WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v);
MERGE INTO trig_target t USING (VALUES (3)) s(id) ON t.id = s.id
WHEN MATCHED THEN DELETE;
SELECT * FROM trig_target ORDER BY id;

-- a partitioned target: rows routed to their partitions, and moved by an UPDATE
CREATE TABLE parted (k integer, v text) PARTITION BY RANGE (k);
CREATE TABLE parted_low PARTITION OF parted FOR VALUES FROM (0) TO (10);
CREATE TABLE parted_high PARTITION OF parted FOR VALUES FROM (10) TO (20);
INSERT INTO parted VALUES (1, 'a'), (11, 'b');
MERGE INTO parted p USING (VALUES (1, 'x'), (5, 'y'), (11, 'z')) s(k, v) ON p.k = s.k
WHEN MATCHED AND s.k = 1 THEN UPDATE SET k = 12, v = s.v
WHEN MATCHED THEN UPDATE SET v = s.v
WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v);
SELECT tableoid::regclass, * FROM parted ORDER BY k;

-- a source with expressions, a sublink in a WHEN condition, and EXPLAIN
MERGE INTO target t USING (SELECT 1 AS id, 100 AS v UNION ALL SELECT 7, 700) s ON t.tid = s.id
WHEN MATCHED AND s.v > (SELECT max(delta) FROM source) THEN UPDATE SET balance = s.v
WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v);
SELECT * FROM target ORDER BY tid;
EXPLAIN (COSTS OFF)
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN UPDATE SET balance = 0
WHEN NOT MATCHED THEN INSERT VALUES (s.sid, 0);
EXPLAIN (COSTS OFF)
MERGE INTO target t USING source s ON t.tid = s.sid
WHEN MATCHED THEN DELETE;

-- EXPLAIN ANALYZE counts the rows by action
create table ea_t (id int primary key, v int);
create table ea_s (id int, v int);
insert into ea_t select g, g from generate_series(1, 10) g;
insert into ea_s select g, g * 10 from generate_series(5, 14) g;
analyze ea_t;
analyze ea_s;
begin;
explain (analyze, costs off, timing off, summary off)
merge into ea_t t using ea_s s on t.id = s.id
when matched and s.id < 7 then delete
when matched and s.id < 9 then update set v = s.v
when not matched and s.id < 12 then insert values (s.id, s.v);
select * from ea_t order by id;
rollback;

-- x.* in a VALUES list: a source's columns, a PL/pgSQL record's fields (INSERT ... VALUES (NEW.*) in a trigger)
create table ms (city_id int not null, logdate date not null, peaktemp int, unitsales int);
create table ms_a (city_id int not null, logdate date not null, peaktemp int, unitsales int);
create function ms_ins() returns trigger language plpgsql as $$
begin
  if new.peaktemp > 20 then
    insert into ms_a values (new.*);
  else
    insert into ms_a (city_id, logdate, peaktemp, unitsales) values (new.*);
  end if;
  return null;
end $$;
create trigger ms_t before insert on ms for each row execute procedure ms_ins();
insert into ms values (1, '2006-02-10', 35, 10);
insert into ms values (1, '2006-02-16', 5, 20);
select * from ms_a order by logdate;
select count(*) from ms;
create table src (a int, b text);
create table dst (a int, b text);
insert into src values (1, 'x'), (2, 'y');
merge into dst d using src s on d.a = s.a when not matched then insert values (s.*);
select * from dst order by a;
insert into dst values (src.*);
