--
-- syntax errors: PostgreSQL's own messages and cursor positions
--
selec 1;
select 1,
  2 3;
select 1; selec 2;
select 'abc
';
select 1 + ;
create table (a int);
begin work now;
set search_path to ;
vacuum analyze verbose full t;
select 1 from t where a operator(pg_catalog.=) 1 limit;
select $$abc$$ || 'x';
create table t (a int, b int,);
