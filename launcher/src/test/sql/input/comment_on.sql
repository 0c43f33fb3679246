-- COMMENT ON and the functions that read pg_description: obj_description, col_description, psql's \dt+ \dv+ \di+
-- \ds+ \dT and \d+ (Description columns)
create table items (id int primary key, label text not null, price numeric(8,2) default 0);
create index items_label on items (label);
create view cheap as select id, label from items where price < 10;
create sequence item_seq;
create type mood as enum ('sad', 'ok', 'happy');
create domain posint as int check (value > 0);
create function twice(x int) returns int language sql as 'select 2 * x';
comment on table items is 'things we sell';
comment on column items.label is 'what the customer sees';
comment on column items.price is 'in euros';
comment on view cheap is 'under ten';
comment on column cheap.label is 'label of a cheap item';
comment on index items_label is 'by label';
comment on sequence item_seq is 'numbers';
comment on type mood is 'how it feels';
comment on domain posint is 'positive integers';
comment on function twice(int) is 'doubles';
comment on schema public is 'standard public schema';
select obj_description('items'::regclass, 'pg_class') as items,
       obj_description('items'::regclass) as deprecated,
       col_description('items'::regclass, 2) as label,
       col_description('items'::regclass, 1) as id,
       obj_description('items'::regclass, 'pg_type') as wrong_catalog;
select c.relname, d.objsubid, d.description
from pg_description d join pg_class c on c.oid = d.objoid
where d.classoid = 'pg_class'::regclass order by 1, 2;
select t.typname, d.description from pg_description d join pg_type t on t.oid = d.objoid
where d.classoid = 'pg_type'::regclass and t.typnamespace = 'public'::regnamespace order by 1;
create table counts (n int);
comment on table counts is 'no rows yet';
\dt+ counts
\dv+ cheap
\dT mood
\d+ items
-- replacing, removing with IS NULL and with ''
comment on table items is 'goods';
select obj_description('items'::regclass, 'pg_class');
comment on table items is null;
select obj_description('items'::regclass, 'pg_class');
comment on column items.price is '';
select col_description('items'::regclass, 3);
-- transactional
begin;
comment on table items is 'in a transaction';
select obj_description('items'::regclass, 'pg_class');
rollback;
select obj_description('items'::regclass, 'pg_class');
-- errors
comment on table nosuch is 'x';
comment on table cheap is 'x';
comment on view items is 'x';
comment on index items is 'x';
comment on sequence items is 'x';
comment on column items.nosuch is 'x';
comment on column nosuch.label is 'x';
comment on type nosuch is 'x';
comment on function nosuch(int) is 'x';
comment on function twice(text) is 'x';
comment on schema nosuch is 'x';
select d.description from pg_description d where d.classoid = 1255 and d.objoid >= 16384;
-- a dropped object's comments go with it
drop view cheap;
drop table items;
drop type mood;
drop function twice(int);
select count(*) from pg_description d where d.classoid = 1255 and d.objoid >= 16384;
select count(*) from pg_description d
where d.classoid in ('pg_class'::regclass, 'pg_type'::regclass) and d.objoid >= 16384;
