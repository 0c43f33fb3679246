-- pg_catalog relations psql's \dt, \dn and \di read: pg_class, pg_namespace, pg_attribute, pg_am, pg_index
create table t (a int primary key, b text not null, c varchar(10), d numeric(8,2) default 0, e bigint);
create index t_b on t (b);
create unique index t_c_e on t (c, e);
create table t2 (id serial primary key, a int references t (a), "Mixed Case" boolean) with (fillfactor = 70);
create table p (k int, v text) partition by range (k);
create table p1 partition of p for values from (0) to (10);
create view v as select a, b from t;
create sequence s;
\dt
\dn
\di
\dt t*
\dv
\ds
select relname, relkind, relnatts, relpersistence, relhasindex, relchecks, relispartition, relhassubclass
from pg_class where relnamespace = 'public'::regnamespace order by 1;
select c.relname, am.amname, c.reloptions, c.relreplident
from pg_class c left join pg_am am on am.oid = c.relam
where c.relnamespace = 'public'::regnamespace order by 1;
select attname, atttypid::regtype, attnum, attnotnull from pg_attribute
where attrelid = 't'::regclass and attnum > 0 order by attnum;
select attname, attlen, atttypmod, attbyval, attalign, attstorage, atthasdef, attidentity, attislocal, attinhcount
from pg_attribute where attrelid = 't2'::regclass and attnum > 0 order by attnum;
select attname, attnum from pg_attribute where attrelid = 't'::regclass and attnum < 0 order by attnum;
select attname, attnum, attislocal, attinhcount from pg_attribute where attrelid = 'p1'::regclass and attnum > 0
order by attnum;
select c.relname as index, t.relname as table, i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indkey
from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
where t.relnamespace = 'public'::regnamespace order by 1;
select * from pg_tables where schemaname = 'public' order by tablename;
select * from pg_indexes where schemaname = 'public' order by indexname;
select nspname from pg_namespace where nspname !~ '^pg_temp' order by 1;
select relname, relkind, relnamespace::regnamespace from pg_class
where relname in ('pg_class', 'pg_attribute', 'pg_namespace', 'pg_am', 'pg_index') order by 1;
select count(*) > 20 from pg_attribute where attrelid = 'pg_class'::regclass and attnum > 0;
select amname, amtype from pg_am order by 1;
select pg_table_is_visible('t'::regclass), pg_table_is_visible('t_b'::regclass);
-- format_type, as psql's \d reads column types
select attname, format_type(atttypid, atttypmod) from pg_attribute
where attrelid = 't'::regclass and attnum > 0 order by attnum;
select format_type(1042, -1), format_type(1042, null), format_type(1015, 14), format_type(1007, -1),
       format_type(99999, -1), format_type(null, 1), format_type('"char"'::regtype, -1);
-- a temporary table is in the backend's pg_temp_N schema
create temp table tmp1 (x int);
select relname, relpersistence, relnamespace::regnamespace::text like 'pg_temp%' from pg_class where relname = 'tmp1';
drop table tmp1;
select 'char'::regtype, '"char"'::regtype;
-- "char" and regnamespace
select 'r'::"char", 'abc'::"char", ''::"char" = '', 'public'::regnamespace, 11::regnamespace,
       'pg_catalog'::regnamespace::oid, 'nosuch'::regnamespace;
select 'public'::regnamespace::text, 'x'::"char"::text || 'y';
-- a table created in an open transaction is in that transaction's pg_class, and gone after ROLLBACK
begin;
create table tx_new (x int);
select relname from pg_class where relname = 'tx_new';
\dt tx*
rollback;
select relname from pg_class where relname = 'tx_new';
drop table t2;
select relname from pg_class where relname like 't2%' order by 1;
\dt
