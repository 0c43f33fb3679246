-- composite types: CREATE TYPE ... AS (...), record input and output, columns of a composite type,
-- field selection, a table's row type used as a type, DROP TYPE
create type pair as (a int, b text[]);
create type named as (x text, y varchar(3), z numeric(5,2));
create type pair as (c int);
select row(1, '{x,y}')::pair;
select '(1,"{a,b}")'::pair, ' ( 2 , ) '::pair;
select ('(1,"{a,b}")'::pair).a, ('(2,)'::pair).b, ('(3,"{p,q}")'::pair).b[2];
select ('(1,"{a,b}")'::pair).*;
select null::pair, (null::pair).a;
select row('a b', 'abc', 1.234)::named;
select row('', null, null)::named, row('"q" \ (,)', 'x', 0)::named;
select '(" a ""q"" \\",,)'::named;
select ('(" a ""q"" \\",,)'::named).x;
-- malformed record literals
select '(1,2'::pair;
select 'x'::pair;
select '(1,{},3)'::pair;
select '(1,{}) x'::pair;
select '(1)'::pair;
select '(1,"{a}'::pair;
select '(abc,{})'::pair;
select row(1)::pair;
select row(1, '{}', 3)::pair;
select row('abcd', 'x', 1)::named;
select ('(1,{})'::pair).nope;
-- columns of a composite type
create table holder (id int, p pair, n named);
insert into holder values (1, row(1, '{a}'), row('one', 'uno', 1)),
                          (2, '(2,"{b,c}")', '(two,dos,2.5)'),
                          (3, null, null),
                          (4, '(,)', '(,,)');
insert into holder values (5, 'oops', null);
insert into holder values (5, 42, null);
select * from holder order by id;
select id, (p).a, (p).b[1], (holder.p).b, (n).y from holder order by id;
select (p).* from holder order by (p).a;
select id from holder where p = row(1, '{a}'::text[]) order by id;
select id from holder where (p).a > 1 order by id;
select id, p is null as p_null from holder order by id;
update holder set p = row(9, '{z}'), n = '(nine,ix,9.99)' where id = 3;
select * from holder where id = 3;
select count(*) from holder where (n).z is not null;
-- a table's row type as a type
create table point2 (x int8, y int8);
select null::point2, row(1, 2)::point2, '(3,4)'::point2;
select ('(3,4)'::point2).y, ('(3,4)'::point2).*;
create function mkpoint(bigint, bigint) returns point2 as
$$select row($1, $2)::point2$$ language sql;
select * from mkpoint(1, 2);
drop function mkpoint(bigint, bigint);
create function mkpair(int) returns pair as
$$select row($1, array['v'])::pair$$ language sql;
select * from mkpair(7);
drop function mkpair(int);
-- DROP TYPE
drop type point2;
drop type pair;
drop type pair restrict;
drop type if exists nosuchtype;
drop type nosuchtype;
drop type pair cascade;
select * from holder order by id;
drop table holder;
drop type named;
drop domain named;
select '(1,2)'::named;
-- functions returning a table's row type or a composite, in FROM and as values
create table int4_box (f1 int4);
create function mkbox(int) returns int4_box as
$$select row($1)::int4_box$$ language sql;
select * from mkbox(42);
select f1 from mkbox(43);
select mkbox(44), (mkbox(45)).f1, (mkbox(46)).*;
create type duo as (l text, r text);
create function mkduo(text) returns duo as
$$select $1, upper($1)$$ language sql;
select * from mkduo('ab');
select (mkduo('cd')).r, (mkduo('ef')).*;
drop function mkbox(int);
drop function mkduo(text);
drop type duo;
drop table int4_box;
