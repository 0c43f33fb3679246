-- Field selection from composite values and from set-returning calls in the target list:
-- (f(x)).field, (f(x)).*, a record output of a subquery selected from outside (pgJDBC's getPrimaryKeys and
-- getIndexInfo do this with information_schema._pg_expandarray)
select information_schema._pg_expandarray(array[10, 20, 30]);
select (information_schema._pg_expandarray(array['a', 'b'])).n;
select (information_schema._pg_expandarray(array['a', 'b'])).x;
select (information_schema._pg_expandarray(array[7, 8])).*;
select x, n from information_schema._pg_expandarray(array[1.5, 2.5]) order by n desc;
select * from information_schema._pg_expandarray('[0:2]={5,6,7}'::int[]);
select * from information_schema._pg_expandarray('{}'::int[]);
select * from information_schema._pg_expandarray(null::int[]);
select * from information_schema._pg_expandarray('{{1,2},{3,4}}'::int[]);
select pg_typeof((information_schema._pg_expandarray(array[1::int8])).x);
-- an int2vector numbers its elements from 0
create table t (a int, b int, c int, primary key (c, a));
create index t_b_a on t (b, a);
select c.relname, (information_schema._pg_expandarray(i.indkey)).n as pos,
       (information_schema._pg_expandarray(i.indkey)).x as attnum
from pg_index i join pg_class c on c.oid = i.indexrelid
where i.indrelid = 't'::regclass order by 1, 2;
-- the record passes through a subquery and is selected from outside
select sub.relname, (sub.keys).n, a.attname
from (select c.relname, i.indrelid, information_schema._pg_expandarray(i.indkey) as keys
      from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 't'::regclass) sub
join pg_attribute a on a.attrelid = sub.indrelid and a.attnum = (sub.keys).x
order by 1, 2;
-- two calls run in lockstep
select (information_schema._pg_expandarray(array[1, 2, 3])).n,
       information_schema._pg_expandarray(array['x', 'y', 'z']) as r
order by 1;
-- json_each's records in the target list
select (json_each('{"a": 1, "b": [2]}')).key, (json_each('{"a": 1, "b": [2]}')).value order by 1;
select (jsonb_each_text('{"k": "v"}')).*;
-- user functions returning a set of a composite type or of OUT parameters
create type pair as (a int, b text);
create function pairs() returns setof pair language sql as $$select 1, 'one' union all select 2, 'two'$$;
create function outs(out x int, out y text) returns setof record language sql as $$select 7, 'seven'$$;
select (pairs()).b, (pairs()).a order by 2;
select (pairs()).* order by 1;
select (s.p).a from (select pairs() as p) s order by 1;
select (outs()).y, outs() as r;
select (pairs()).nosuch;
select (outs()).nosuch;
drop function pairs();
drop function outs();
drop type pair;
-- errors
select (information_schema._pg_expandarray(array[1])).nosuch;
select information_schema._pg_expandarray(1);
select information_schema._pg_expandarray('{1}');
select _pg_expandarray(array[1]);
select information_schema.nosuch(1);
select proname, pronamespace::regnamespace, proretset, pg_get_function_arguments(oid),
       pg_get_function_result(oid), pg_function_is_visible(oid)
from pg_proc where proname = '_pg_expandarray';
drop table t;
