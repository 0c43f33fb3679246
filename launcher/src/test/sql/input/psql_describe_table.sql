-- psql's \d TABLE: columns with defaults, indexes, constraints, foreign keys both ways, inheritance
-- (pg_attrdef, pg_constraint, pg_inherits, pg_get_expr, pg_get_constraintdef, pg_get_indexdef)
create table dept (id serial primary key, name varchar(40) not null unique);
create table emp (
  id serial primary key,
  name varchar(50) not null,
  salary numeric(10,2) default 0 check (salary >= 0),
  bonus double precision default 1.5,
  status text default 'new',
  hired timestamptz default now(),
  dept_id int references dept(id) on delete cascade,
  boss int,
  code int,
  constraint emp_code_key unique (code),
  constraint emp_range check (code > 10 and code < 1000 or code is null),
  constraint emp_boss_fkey foreign key (boss) references emp(id) match full on update set null
      deferrable initially deferred
);
create index emp_name_idx on emp (name);
create index emp_rich_idx on emp (salary) where salary > 1000;
create unique index emp_name_code on emp (name, code);
\d emp
\d dept
create table base (a int not null, b text default 'b');
create table derived (c int) inherits (base);
\d base
\d derived
\d+ base
\d+ dept
alter table emp add constraint emp_bonus_check check (bonus < 100) not valid;
\d emp
-- triggers (pg_trigger, pg_get_triggerdef)
create function emp_stamp() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger emp_stamp_before before insert or update of salary, bonus on emp
    for each row execute function emp_stamp('a', 'it''s');
create trigger emp_audit after delete on emp for each statement execute function emp_stamp();
create trigger emp_off after insert on emp for each row execute function emp_stamp();
alter table emp disable trigger emp_off;
\d emp
\d+ emp
select tgname, tgtype, tgenabled, tgisinternal, tgnargs, tgattr, tgargs, pg_get_triggerdef(oid),
       pg_get_triggerdef(oid, true)
from pg_trigger where tgrelid = 'emp'::regclass and not tgisinternal order by tgname;
select relname, relhastriggers from pg_class where relname in ('emp', 'dept', 'base') order by 1;
select conname, contype, condeferrable, condeferred, convalidated, conkey, confkey, confupdtype, confdeltype,
       confmatchtype, conrelid::regclass, confrelid::regclass, pg_get_constraintdef(oid)
from pg_constraint where conrelid in ('emp'::regclass, 'dept'::regclass) order by conname;
select conname, (select c.relname from pg_class c where c.oid = conindid) as index
from pg_constraint where conrelid = 'emp'::regclass and contype in ('p', 'u', 'f') order by conname;
select adrelid::regclass, adnum, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true)
from pg_attrdef where adrelid in ('emp'::regclass, 'base'::regclass, 'derived'::regclass) order by 1, 2;
select inhrelid::regclass, inhparent::regclass, inhseqno, inhdetachpending from pg_inherits order by 1;
select indexname, indexdef from pg_indexes where tablename = 'emp' order by 1;
select count(*) from pg_policy;
select count(*) from pg_trigger where tgrelid = 'emp'::regclass and not tgisinternal;
select count(*) from pg_publication;
select count(*) from pg_statistic_ext;
drop table emp;
select count(*) from pg_constraint where conname like 'emp%';
