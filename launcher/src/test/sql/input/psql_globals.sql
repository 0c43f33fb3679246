-- psql's \l, \du, \df, \x and \copy, and the catalogs they read: pg_database, pg_authid, pg_roles, pg_user,
-- pg_auth_members, pg_tablespace, pg_language, pg_extension, pg_settings and pg_proc
\l corpus_psql_globals
\l template*
select datname, pg_get_userbyid(datdba) as owner, pg_encoding_to_char(encoding) as encoding, datlocprovider,
       datistemplate, datallowconn, datconnlimit, dattablespace, daticulocale, datcollversion, datacl
from pg_database where datname in ('postgres', 'template0', 'template1', 'corpus_psql_globals') order by 1;
select d.datname, t.spcname from pg_database d join pg_tablespace t on t.oid = d.dattablespace
where d.datname = current_database();
-- roles: the bootstrap superuser, initdb's predefined roles, and roles made here
create role globals_admin superuser;
create role globals_reader;
create user globals_user;
\du globals*
\du postgres
select rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
       rolconnlimit, rolpassword, rolvaliduntil
from pg_authid where rolname = 'postgres' or rolname ~ '^(pg_|globals_)' order by rolname;
select rolname, rolsuper, rolcanlogin, rolpassword, rolconfig, oid = 10 as bootstrap
from pg_roles where rolname = 'postgres' or rolname ~ '^globals_' order by rolname;
select usename, usesysid = 10 as bootstrap, usecreatedb, usesuper, userepl, usebypassrls, passwd, valuntil,
       useconfig
from pg_user where usename = 'postgres' or usename ~ '^globals_' order by usename;
select pg_get_userbyid(roleid) as role, pg_get_userbyid(member) as member, pg_get_userbyid(grantor) as grantor,
       admin_option
from pg_auth_members order by 1, 2;
select pg_get_userbyid(3373), pg_get_userbyid(6171), pg_get_userbyid(10);
drop role globals_admin, globals_reader, globals_user;
\du globals*
select count(*) from pg_roles where rolname ~ '^globals_';
-- tablespaces, languages, extensions
select oid, spcname, pg_get_userbyid(spcowner), spcacl, spcoptions from pg_tablespace order by oid;
\db
select spcname, pg_tablespace_location(oid) from pg_tablespace order by 1;
select pg_tablespace_location(0), pg_tablespace_location(null);
select pg_tablespace_location(12345);
select oid, lanname, pg_get_userbyid(lanowner), lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator,
       lanacl
from pg_language order by oid;
select oid, extname, pg_get_userbyid(extowner), extnamespace::regnamespace, extrelocatable, extversion,
       extconfig, extcondition
from pg_extension order by extname;
-- \x: expanded output
\x
select lanname, lanispl, lanpltrusted from pg_language where lanname in ('sql', 'plpgsql') order by 1;
\l corpus_psql_globals
\x
-- functions, procedures and aggregates as \df lists them
create function add1(a int, b int default 1) returns int language sql as 'select a + b';
create function greet(name text default 'world', punct varchar default '!', n numeric default 1.5,
                      f float8 default 2, neg int default -1, nul int default null, flag boolean default true,
                      ts timestamptz default now(), big bigint default 7, s text default 'it''s')
    returns text language sql as $$select 'hi ' || name || punct$$;
create function outs(in a int, out b int, inout c text) language sql as 'select a, c';
create function srf(n int) returns setof int language sql as 'select generate_series(1, n)';
create function tab(n int) returns table(x int, y text) language sql as 'select n, ''a''';
create function vv(variadic xs int[]) returns int language sql as 'select array_length(xs, 1)';
create function pl(a int) returns int language plpgsql as $$begin return a * 2; end$$;
create function ret(a int) returns int language sql return a + 1;
create function unnamed(int, text) returns int language sql stable strict as 'select $1';
create procedure pr(a int, inout b int default 0) language sql as 'select a + b';
create procedure pr2() language sql as 'select 1';
create procedure pr3(a int, out b int) language plpgsql as $$begin b := a; end$$;
create aggregate mysum(int) (sfunc = int4pl, stype = int, initcond = '0');
create table rt (a int, b text);
create function rows_of() returns setof rt language sql as 'select * from rt';
\df
\df add1
\df gr*
\df pg_catalog.sqrt
\df pg_catalog.pg_size_pretty
\dfa
\dfp
\df pg_catalog.count
\df pg_catalog.row_number
\df nosuch
-- \df+'s query without its Description column (obj_description)
SELECT n.nspname as "Schema", p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END as "Type",
 CASE WHEN p.provolatile = 'i' THEN 'immutable' WHEN p.provolatile = 's' THEN 'stable'
  WHEN p.provolatile = 'v' THEN 'volatile' END as "Volatility",
 CASE WHEN p.proparallel = 'r' THEN 'restricted' WHEN p.proparallel = 's' THEN 'safe'
  WHEN p.proparallel = 'u' THEN 'unsafe' END as "Parallel",
 pg_catalog.pg_get_userbyid(p.proowner) as "Owner",
 CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS "Security",
 pg_catalog.array_to_string(p.proacl, E'\n') AS "Access privileges",
 l.lanname as "Language",
 COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as "Source code"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE pg_catalog.pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
      AND p.proname <> 'ret'
ORDER BY 1, 2, 4;
select proname, prokind, proretset, prorettype::regtype, proargtypes, proallargtypes, proargmodes, proargnames,
       pronargs, pronargdefaults, provariadic, prolang, provolatile, proisstrict, proparallel, procost,
       prorows
from pg_proc where pronamespace = 'public'::regnamespace order by proname;
select proname, pg_get_function_identity_arguments(oid), pg_function_is_visible(oid)
from pg_proc where pronamespace = 'public'::regnamespace order by proname;
select oid, proname, prokind, proretset, prorettype::regtype, proargtypes, provolatile, proisstrict, prolang,
       prosrc, pg_get_function_arguments(oid), pg_get_function_result(oid), pg_function_is_visible(oid)
from pg_proc where oid in (870, 1344, 1345, 2286, 3166) order by oid;
select proname, prorettype = 'rt'::regtype::oid as row_type, pg_get_function_result(oid) from pg_proc
where proname = 'rows_of';
select pg_get_function_arguments(0), pg_get_function_result(0), pg_get_function_identity_arguments(0),
       pg_function_is_visible(0);
select add1(1), greet(), pl(4), mysum(x) from generate_series(1, 3) x group by 1, 2, 3;
drop function add1;
\df add1
-- pg_settings
select name, setting, unit, category, short_desc, extra_desc, context, vartype, source, min_val, max_val,
       enumvals, boot_val, reset_val, sourcefile, sourceline, pending_restart
from pg_settings
where name in ('work_mem', 'enable_seqscan', 'random_page_cost', 'statement_timeout', 'search_path',
               'client_min_messages', 'autovacuum_vacuum_cost_delay', 'cpu_operator_cost', 'maintenance_work_mem',
               'checkpoint_timeout', 'wal_buffers', 'bytea_output', 'autovacuum_vacuum_scale_factor')
order by name;
set work_mem = '8MB';
set statement_timeout = '1min';
begin;
set local random_page_cost = 2.5;
select name, setting, source, reset_val from pg_settings
where name in ('work_mem', 'statement_timeout', 'random_page_cost', 'application_name') order by 1;
commit;
reset work_mem;
select name, setting, source from pg_settings where name in ('work_mem', 'random_page_cost') order by 1;
select count(*) from pg_settings where name in ('is_superuser', 'session_authorization', 'role', 'seed');
-- PostgreSQL adds plpgsql.* once PL/pgSQL is loaded in a session; osgres has no such parameters yet
select count(*) from pg_settings where name not like 'plpgsql.%';
select usesysid = 10 as bootstrap, usename from pg_stat_activity where pid = pg_backend_pid();
select name from pg_settings where name like 'enable%' order by 1;
select name, setting from pg_settings where vartype = 'bool' and name like 'enable_%sort' order by 1;
-- \copy through psql's stdin and stdout
create table g (a int, b text);
\copy g from stdin
1	one
2	two
\N	three
\.
\copy g to stdout
\copy g (b) to stdout with (format csv, header)
\copy (select a, b from g where a is not null order by a desc) to stdout
select * from g order by a;
