-- enum types: CREATE TYPE ... AS ENUM, input and output, order, casts, columns, ALTER TYPE, DROP TYPE
create type mood as enum ('sad', 'ok', 'happy');
create type mood as enum ('x');
create type rainbow as enum ('red', 'orange', 'yellow', 'green', 'blue', 'purple');
select 'ok'::mood, 'happy'::mood::text, mood 'sad';
select 'meh'::mood;
select ''::mood;
select 'sad'::mood < 'happy'::mood, 'happy'::mood > 'ok', 'ok' = 'ok'::mood, 'ok'::mood <> 'sad';
select 'red'::rainbow = 'sad'::mood;
select enum_first(null::mood), enum_last(null::mood), enum_range(null::mood);
select enum_range('orange'::rainbow, 'green'::rainbow), enum_range(null, 'yellow'::rainbow);
select enum_range(null::rainbow)::text[];
create table person (name text, current_mood mood, favourite rainbow);
insert into person values ('moe', 'happy', 'blue'), ('larry', 'sad', 'red'), ('curly', 'ok', null),
                          ('shemp', null, 'green');
insert into person values ('joe', 'angry', null);
insert into person values ('joe', 42, null);
select * from person order by current_mood, name;
select name from person where current_mood > 'sad' order by current_mood desc;
select name, favourite from person where favourite between 'orange' and 'blue' order by favourite;
select max(current_mood), min(current_mood) from person;
select current_mood, count(*) from person group by current_mood order by current_mood;
select name::mood from (values ('ok'), ('sad')) v(name);
update person set current_mood = 'ok' where name = 'larry';
select name, current_mood::text || '!' as shout from person order by name;
-- ALTER TYPE
alter type mood add value 'meh' before 'ok';
alter type mood add value 'ecstatic' after 'happy';
alter type mood add value 'blah';
alter type mood add value 'ok';
alter type mood add value if not exists 'ok';
alter type mood add value 'x' before 'nope';
select enum_range(null::mood);
select 'meh'::mood < 'ok'::mood, 'blah'::mood > 'ecstatic';
insert into person values ('bob', 'meh', 'purple'), ('ann', 'ecstatic', 'yellow');
select name, current_mood from person order by current_mood nulls first, name;
create type colors as enum ('r', 'g');
alter type colors rename value 'r' to 'red';
alter type colors rename value 'x' to 'y';
alter type colors rename value 'red' to 'g';
select enum_range(null::colors);
alter type nosuch add value 'a';
-- DROP TYPE
drop type mood;
drop type colors;
drop table person;
drop type mood, rainbow;
select 'ok'::mood;
-- CREATE TABLE AS keeps the types
create type mood as enum ('sad', 'ok', 'happy');
create type pair as (a int, b text);
create table src (m mood, p pair);
insert into src values ('happy', '(1,x)'), ('sad', '(2,"y z")');
create table copied as select * from src;
select * from copied order by m;
select (p).b from copied where m > 'sad';
drop type mood;
drop table src, copied;
drop type mood, pair;
-- COPY FROM into enum and composite columns
create type mood as enum ('sad', 'ok', 'happy');
create type pair as (a int, b text);
create table copied (m mood, p pair);
copy copied from stdin;
ok	( 1 , x)
happy	(2,"y z")
\N	\N
\.
copy copied from stdin;
angry	(1,x)
\.
copy copied from stdin;
sad	(1,x
\.
select * from copied order by m;
copy copied to stdout;
drop table copied;
drop type mood, pair;
-- enum and composite values through views, subqueries, CASE, COALESCE and GREATEST
create type mood as enum ('sad', 'ok', 'happy');
create type pair as (a int, b text);
create table p (id int primary key, m mood, pr pair);
insert into p values (1, 'happy', '(1,a)'), (2, 'sad', '(2,b)'), (3, 'ok', '(1,a)'), (4, 'happy', null);
create index p_m on p (m);
create view pv as select id, m, pr from p where m <> 'sad';
select * from pv order by m, id;
select id from pv where m = 'happy' order by id;
select (pr).b from pv where (pr).a = 1 order by id;
select x from (select pr as x from p) s order by x;
select (s.x).* from (select pr as x, m from p) s where s.m = 'sad';
select id, case when id > 2 then m else 'sad' end from p order by id;
select coalesce(m, 'ok') from p order by 1;
select greatest(m, 'ok'), least(m, 'ok') from p order by id;
select id from p where m in ('ok', 'happy') order by id;
select m from p union select 'ok'::mood order by 1;
select a.id, b.id from p a join p b on a.pr = b.pr and a.id < b.id order by 1, 2;
explain (costs off) select * from p where m = 'sad';
drop view pv;
drop table p;
drop type mood, pair;
-- through WITH
create type mood as enum ('sad', 'ok', 'happy');
create table p (id int, m mood);
insert into p values (1, 'happy'), (2, 'sad'), (3, 'ok');
with w as (select m from p) select * from w where m > 'sad' order by m;
select array_agg(m order by m), array_agg(m order by m desc) filter (where m > 'sad') from p;
drop table p;
drop type mood;
