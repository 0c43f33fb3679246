--
-- utility commands through PostgreSQL's grammar
--
begin isolation level repeatable read, read only;
show transaction_isolation;
show transaction_read_only;
commit;
start transaction read write;
show transaction_read_only;
rollback;
set search_path to public;
show search_path;
set local statement_timeout = 0;
set statement_timeout to default;
reset all;
show statement_timeout;
set time zone 'UTC';
show timezone;
set work_mem = '8MB';
show work_mem;
set work_mem = -1;
set no_such_parameter = 1;
show no_such_parameter;
create table util_t (id int primary key, name varchar(20) not null default 'x', price numeric(10, 2),
  made timestamp with time zone, flag boolean null, unique (name))
  with (fillfactor = 90, autovacuum_enabled = false);
create table util_t (id int);
create table if not exists util_t (id int);
create table util_bad (a int) with (nonsense = 1);
create table util_bad (a int) with (autovacuum_vacuum_scale_factor = 101);
create table util_bad (a int) with (fillfactor);
create table util_bad (a no_such_type);
create table util_bad (a int, b int, primary key (a), primary key (b));
alter table util_t set (autovacuum_vacuum_threshold = 100, autovacuum_enabled = on);
alter table util_t reset (autovacuum_vacuum_threshold);
alter table util_t reset (fillfactor = 10);
alter table util_t add column note text;
alter table util_t add column if not exists note text;
create index util_t_made on util_t (made);
create unique index on util_t (price);
insert into util_t (id, name, price) values (1, 'one', 1.50), (2, 'two', 2.25);
lock table util_t in share mode;
begin;
lock table util_t in access exclusive mode nowait;
savepoint s1;
release savepoint s1;
commit;
analyze util_t;
vacuum (analyze) util_t;
vacuum util_t;
checkpoint;
select id, name, price, note from util_t order by id;
truncate util_t;
select count(*) from util_t;
discard all;
drop index util_t_made;
drop table util_t;
drop table util_t;
drop table if exists util_t;
