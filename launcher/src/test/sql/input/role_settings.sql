-- ALTER ROLE ... SET and ALTER ROLE ... IN DATABASE ... SET: kept in pg_db_role_setting, shown in pg_roles and
-- psql's \drds, applied when the role's next session starts (under what the client sets, over the server's)
create role regress_rs login;
alter role regress_rs set work_mem = '8MB';
alter role regress_rs set search_path to public, pg_catalog;
alter role regress_rs set my.custom = 'x';
select current_database() as db \gset
alter role regress_rs in database :"db" set statement_timeout = '5s';
select rolname, rolconfig from pg_roles where rolname = 'regress_rs';
select setdatabase = (select oid from pg_database where datname = current_database()) as this_db, setconfig
  from pg_db_role_setting where setrole = (select oid from pg_roles where rolname = 'regress_rs') order by 1;
-- errors: what SET would refuse
alter role regress_rs set shared_buffers = '1GB';
alter role regress_rs set nosuch_parameter = 1;
alter role regress_rs set work_mem = 'lots';
alter role regress_nosuch set work_mem = '1MB';
\c - regress_rs
show work_mem;
show search_path;
show statement_timeout;
show my.custom;
set work_mem = '1MB';
reset work_mem;
show work_mem;
-- a role without CREATEROLE may change its own settings only
alter role regress_rs set work_mem = '16MB';
alter role postgres set work_mem = '16MB';
alter role all set work_mem = '16MB';
\c - postgres
select rolconfig from pg_roles where rolname = 'regress_rs';
alter role regress_rs reset work_mem;
alter role regress_rs reset nosuch_parameter;
select rolconfig from pg_roles where rolname = 'regress_rs';
alter role regress_rs reset all;
alter role regress_rs in database :"db" reset all;
select rolconfig from pg_roles where rolname = 'regress_rs';
select count(*) from pg_db_role_setting where setrole = (select oid from pg_roles where rolname = 'regress_rs');
alter role regress_rs set work_mem = '2MB';
drop role regress_rs;
select count(*) from pg_db_role_setting where setrole <> 0 and setrole not in (select oid from pg_roles);
