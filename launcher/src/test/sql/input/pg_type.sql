-- pg_type, pg_enum and pg_collation: built-in types as PostgreSQL 15 defines them, the database's own types
create table t (a int, b text);
create view v as select a from t;
create sequence s;
create type comp as (x int, y text);
create type mood as enum ('sad', 'ok', 'happy');
create domain posint as int not null default 3 check (value > 0);
create domain shortname as varchar(10);
select typname, typlen, typbyval, typtype, typcategory, typispreferred, typdelim, format_type(typelem, null) as typelem,
       format_type(typarray, null) as typarray, typinput, typoutput, typreceive, typsend, typalign, typstorage, typcollation
from pg_type where oid in (16, 17, 18, 19, 20, 21, 23, 25, 26, 700, 701, 1000, 1007, 1042, 1043, 1082, 1114, 1184,
                           1186, 1700, 2950, 2249, 2278, 3500)
order by oid;
select count(*) > 180 as many_builtins from pg_type where typnamespace = 'pg_catalog'::regnamespace;
-- the user types: row types of tables and views (not sequences), composites, enums, domains
select typname, typtype, typcategory, typlen, typbyval, typinput, typoutput, typreceive, typsend, typalign,
       typstorage, typnotnull, format_type(typbasetype, null) as typbasetype, typtypmod, typdefault, typrelid <> 0 as has_relation,
       typnamespace::regnamespace
from pg_type where typnamespace = 'public'::regnamespace and typtype <> 'b' order by typname;
select c.relname, c.relkind, c.reltype = t.oid as same_oid, t.typrelid = c.oid as points_back
from pg_class c join pg_type t on t.oid = c.reltype
where c.relnamespace = 'public'::regnamespace order by 1;
select relname, reltype from pg_class where relname = 's';
select attname, format_type(atttypid, atttypmod), attnum from pg_attribute
where attrelid = (select typrelid from pg_type where typname = 'comp') order by attnum;
select enumlabel, enumsortorder from pg_enum where enumtypid = (select oid from pg_type where typname = 'mood') order by enumsortorder;
select e.enumtypid = t.oid from pg_enum e join pg_type t on t.typname = 'mood' limit 1;
select format_type(oid, null) from pg_type where typname in ('comp', 'mood', 'posint', 't', 'point', '_point')
order by 1;
select format_type(oid, null), pg_type_is_visible(oid) from pg_type where typname in ('posint', 'mood', 'int4')
order by 1;
select oid, collname, collprovider, collisdeterministic, collencoding, collcollate, collctype
from pg_collation where oid in (100, 950, 951) order by oid;
-- regtype: built-in and user types by name and by oid
select 'mood'::regtype, 'posint'::regtype, 'public.comp'::regtype, 't'::regtype, 'int4'::regtype,
       'pg_catalog.cstring'::regtype, 'point[]'::regtype, 'integer[]'::regtype, '"char"'::regtype,
       'double precision'::regtype, 'character varying'::regtype, 0::regtype, 4000000000::regtype;
select 'mood'::regtype::oid = (select oid from pg_type where typname = 'mood') as same_oid;
select typname, typelem::regtype, typarray::regtype, typbasetype::regtype from pg_type
where typname in ('int4', '_int4', 'point', '_text') order by 1;
select typname, typelem::regtype, typbasetype::regtype from pg_type
where typname in ('posint', 'shortname', 'mood', 'comp') order by 1;
select 'nosuchtype'::regtype;
select 'nosuchtype[]'::regtype;
select pg_typeof(1), pg_typeof('x'::text), pg_typeof(array[1.5]), pg_typeof('ok'::mood), pg_typeof(row(1, 'a')::comp);
select x::regtype from (values ('mood'), ('int8'), ('comp')) v(x) order by 1;
prepare typed(int, text, bigint[]) as select 1;
select parameter_types from pg_prepared_statements where name = 'typed';
deallocate typed;
select 'int4'::regtype = 'integer'::regtype, 'mood'::regtype = 'mood'::regtype, 'int4'::regtype < 'text'::regtype;
-- a dropped type leaves pg_type
drop type mood;
select count(*) from pg_type where typname = 'mood';
select count(*) from pg_enum e where not exists (select 1 from pg_type t where t.oid = e.enumtypid);
-- psql's \dT query, without the description column
SELECT n.nspname as "Schema",
  pg_catalog.format_type(t.oid, NULL) AS "Name",
  t.typname AS "Internal name",
  CASE WHEN t.typrelid != 0
      THEN CAST('tuple' AS pg_catalog.text)
    WHEN t.typlen < 0
      THEN CAST('var' AS pg_catalog.text)
    ELSE CAST(t.typlen AS pg_catalog.text)
  END AS "Size"
FROM pg_catalog.pg_type t
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))
  AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_type_is_visible(t.oid)
ORDER BY 1, 2;
