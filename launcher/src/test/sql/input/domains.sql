-- CREATE DOMAIN / DROP DOMAIN: domains over built-in types, checked on casts and on stores into their columns
create domain posint as integer check (value > 0);
create domain nn_text text not null default 'dflt';
create domain vc5 varchar(5) constraint short check (length(value) >= 2) check (value <> 'zz');
create domain price numeric(7,2) default 0 check (value >= 0) check (value < 10000);
create domain intarr as int[] check (value[1] > 0);
create domain plain_int as int;

-- casts check the domain; the value behaves as its base type
select 5::posint, '7'::posint, 3.14159::price, 'abcdefg'::vc5;
select (-1)::posint;
select null::posint;
select null::nn_text;
select 'a'::vc5;
select 'zz'::vc5;
select 'abc'::posint;
select 20000::price;
select array[1,2]::intarr, '{3,4}'::intarr;
select array[-1,2]::intarr;
select 2::posint + 3, 2::posint * 2.5, 4::posint || 'x', 5::plain_int = 5;
select cast(8 as posint) as p, 9::public.posint as q;

-- columns of domains: INSERT, UPDATE, defaults (the column's before the domain's)
create table orders (id int primary key, qty posint, note nn_text, code vc5, amount price default 1.5);
insert into orders values (1, 3, 'x', 'abc', 12.345);
insert into orders (id, qty) values (2, 4);
insert into orders values (3, 0, 'x', 'abc');
insert into orders values (4, 1, null, 'abc');
insert into orders (id, qty, code) values (5, 1, 'a');
insert into orders (id, qty, amount) values (6, 2, -1);
insert into orders values (7, '8', 'y', 'yy') returning id, qty + 1, note;
insert into orders select 8, qty + 10, note, code from orders where id = 7;
insert into orders select 9, qty - 10, note, code from orders where id = 7;
update orders set qty = -5 where id = 1;
update orders set code = 'q' where id = 1;
update orders set note = null where id = 2;
update orders set qty = qty * 2 where id <= 2;
select * from orders order by id;
select sum(qty), max(code), avg(amount) from orders;
select id from orders where qty > 5 and code like 'y%' order by id;

-- ALTER TABLE ADD COLUMN of a domain: its default fills the rows, and must pass its checks
alter table orders add column extra posint default 7;
alter table orders add column bad posint default -7;
alter table orders add column unnamed nn_text;
select id, extra, unnamed from orders order by id;

-- COPY checks a domain column
copy orders (id, qty, note, code) from stdin;
10	5	c	cc
\.
copy orders (id, qty, note, code) from stdin;
11	-5	c	cc
\.
copy orders (id, qty, note, code) from stdin;
12	5	\N	cc
\.
select id, qty, note, code from orders where id >= 10 order by id;

-- a rolled-back CREATE DOMAIN leaves nothing behind
begin;
create domain rolled as int;
select 1::rolled;
rollback;
select 1::rolled;
create table t_rolled (a rolled);

-- errors of CREATE DOMAIN
create domain posint as int;
create domain orders as int;
create domain bad as nosuchtype;
create domain bad as int check (value + 'x');
create domain bad as int check (nosuch > 0);
create domain bad as int default 'abc';
create domain bad as int not null null;
create domain bad as int unique;
create domain bad as int primary key;

-- DROP DOMAIN: refused while a column uses the domain
drop domain posint;
drop domain if exists nosuch;
drop domain nosuch;
drop domain nosuch, plain_int;
select 1::plain_int;
drop domain if exists nosuch, plain_int;
select 1::plain_int;
drop table orders;
drop domain posint, nn_text;
drop type vc5;
drop domain price, intarr;
select 1::posint;

-- ALTER DOMAIN: defaults, NOT NULL and CHECKs, checked against the stored values
create domain ad as int;
create table adt (a ad, b ad);
insert into adt values (1, 2), (-1, null);
alter domain ad add check (value > 0);
alter domain ad add constraint pos check (value > -5);
alter domain ad add check (value > -10);
alter domain ad add constraint pos check (value > 0);
select -6::ad;
select (-6)::ad;
alter domain ad set not null;
alter domain ad drop not null;
delete from adt where b is null;
alter domain ad set not null;
insert into adt values (3, null);
alter domain ad set default 42;
insert into adt (a) values (5);
select * from adt order by a;
alter domain ad drop default;
insert into adt (a) values (6);
alter domain ad drop constraint pos;
alter domain ad drop constraint pos;
alter domain ad drop constraint if exists pos;
alter domain ad drop constraint ad_check;
alter domain ad drop not null;
insert into adt values (-20, null);
alter domain ad add constraint big check (value > 100) not valid;
insert into adt values (7, 8);
alter domain nosuch drop not null;
alter domain ad set default 'x';
select * from adt order by a;
drop table adt;
drop domain ad;

-- functions taking and returning domains; DROP ... CASCADE drops the columns and tables that use a domain
CREATE DOMAIN foodomain AS text;
CREATE FUNCTION volfoo(text) returns foodomain as
  'begin return $1::foodomain; end' language plpgsql volatile;
SELECT CASE volfoo('bar') WHEN 'foo'::foodomain THEN 'is foo' ELSE 'is not foo' END;
CREATE DOMAIN arrdomain AS int[];
CREATE FUNCTION make_ad(int,int) returns arrdomain as
  'declare x arrdomain;
   begin
     x := array[$1,$2];
     return x;
   end' language plpgsql volatile;
SELECT make_ad(1,2);
SELECT NULLIF(make_ad(1,2), array[2,3]::arrdomain);
create function dom_arg(a foodomain) returns int language sql as 'select length(a)';
select dom_arg('abcd');
drop domain foodomain;
drop function volfoo(text);
drop function dom_arg;
drop domain foodomain;
create domain intdom1 as int;
create table partitioned (a intdom1, b text) partition by range (a);
drop domain intdom1;
drop domain intdom1 cascade;
table partitioned;
create domain cd as int check (value > 0);
create table cdt (a int, b cd, c cd);
insert into cdt values (1, 2, 3);
drop domain cd;
drop domain cd cascade;
select * from cdt;
create domain cd as int;
create table cdt2 (k int, x cd);
drop domain cd cascade;
select * from cdt2;
drop table cdt, cdt2;
drop function make_ad;
drop domain arrdomain;
