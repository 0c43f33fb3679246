-- pg_type's rows beyond the base types: the row types of user tables and views and the array type PostgreSQL
-- creates with each, the system catalogs' and views' row types and theirs, information_schema's domains
create table orders (id int primary key, total numeric(10, 2), note text);
create view big_orders as select id, total from orders where total > 100;
create type mood as enum ('sad', 'ok', 'happy');
create domain posint as int check (value > 0);
create type pair as (a int, b text);
-- a table's row type and its array type
select t.typname, t.typtype, t.typcategory, t.typlen, t.typalign, t.typstorage, t.typinput, t.typsubscript,
    t.typrelid = c.oid as relid_is_table, c.reltype = t.oid as reltype_is_type,
    a.typname as array_name, a.typtype as array_type, a.typcategory as array_category, a.typalign as array_align,
    a.typinput as array_input, a.typelem = t.oid as elem_ok, a.typrelid as array_relid
from pg_type t join pg_class c on c.oid = t.typrelid join pg_type a on a.oid = t.typarray
where c.relname in ('orders', 'big_orders') order by t.typname;
-- every user type has an array type named with an underscore
select t.typname, t.typtype, a.typname as array_name, a.typalign, a.typdelim, a.typcollation
from pg_type t join pg_type a on a.oid = t.typarray
where t.typnamespace = 'public'::regnamespace order by t.typname;
select typname, typtype from pg_type where typnamespace = 'public'::regnamespace order by typname;
-- regtype and format_type of them
select 'orders'::regtype::oid = (select reltype from pg_class where relname = 'orders') as same;
select 'orders'::regtype, 'big_orders'::regtype, '_orders'::regtype, 'orders[]'::regtype, '_mood'::regtype,
    'public.pair[]'::regtype;
select '_orders'::regtype::oid = (select typarray from pg_type where typname = 'orders') as same;
select typname from pg_type where oid = 'orders'::regtype or 'orders[]'::regtype = oid order by typname;
select attname from pg_attribute where attrelid = 'orders'::regclass and atttypid = 'int4'::regtype;
select format_type(oid, null) as name, format_type(typarray, null) as array_name
from pg_type where typnamespace = 'public'::regnamespace and typtype <> 'b' order by typname;
select format_type(oid, -1) from pg_type where typname in ('_orders', '_big_orders') order by typname;
-- the system catalogs' and views' row types, with PostgreSQL's oids
select oid, typname, typtype, typrelid::regclass, typarray, typarray::regtype from pg_type
where typname in ('pg_class', 'pg_attribute', 'pg_type', 'pg_proc', 'pg_namespace') order by oid;
select typname, typtype, typrelid <> 0 as has_relation, typarray::regtype from pg_type
where typname in ('pg_roles', 'pg_tables', 'pg_settings', 'tables', 'columns') order by typname;
select c.relname, t.typname from pg_class c join pg_type t on t.oid = c.reltype
where c.relname in ('pg_class', 'pg_attribute', 'pg_type', 'pg_proc', 'pg_namespace') order by c.relname;
select 'pg_class'::regtype, '_pg_class'::regtype, 'pg_class[]'::regtype, format_type(273, null);
select count(*) from pg_type where typnamespace = 'pg_catalog'::regnamespace and typtype = 'c';
select count(*) from pg_type where typnamespace = 'pg_catalog'::regnamespace;
-- information_schema's domains and their arrays
select t.typname, t.typtype, t.typbasetype::regtype, t.typtypmod, t.typnotnull, t.typlen, t.typalign,
    t.typcollation, t.typdefault, format_type(t.oid, null), format_type(t.typarray, null), a.typname
from pg_type t join pg_type a on a.oid = t.typarray
where t.typnamespace = 'information_schema'::regnamespace and t.typtype = 'd' order by t.typname;
select 'information_schema.cardinal_number'::regtype, 'information_schema.sql_identifier[]'::regtype;
select count(*) from pg_type where typnamespace = 'information_schema'::regnamespace;
-- types by kind, as getTypeInfo's query reads them
select count(*) from pg_catalog.pg_type t join pg_catalog.pg_namespace n on t.typnamespace = n.oid
where n.nspname != 'pg_toast'
    and (t.typrelid = 0 or (select c.relkind = 'c' from pg_catalog.pg_class c where c.oid = t.typrelid));
-- pg_attribute agrees with pg_type on each column's storage (type_sanity's cross-check), and the catalogs'
-- collatable columns have the C collation
select a.attrelid::regclass, a.attname, t.typname
from pg_attribute as a, pg_type as t
where a.atttypid = t.oid and (a.attlen != t.typlen or a.attalign != t.typalign or a.attbyval != t.typbyval
    or (a.attstorage != t.typstorage and a.attstorage != 'p'))
order by 1, 2;
select attname, atttypid::regtype, attcollation from pg_attribute
where attrelid = 'pg_proc'::regclass and attcollation <> 0 order by attnum;
select attname, attcollation = 100 as default_collation from pg_attribute
where attrelid = 'orders'::regclass and attnum > 0 order by attnum;
-- regproc columns compare with oids and integers as oideq does (type_sanity: typinput = 0)
select count(*) from pg_type where (typinput = 0 or typoutput = 0) and typnamespace <> 'public'::regnamespace;
select count(*) from pg_type where typmodin = 0 and typnamespace <> 'public'::regnamespace;
select typname from pg_type where typelem != 0 and typsubscript = 0 order by 1;
select null::oid = 'boolin'::regproc, 'boolin'::regproc = null::int, 1242 = 'boolin'::regproc,
    'boolin'::regproc = 1242::oid, 'boolin'::regproc <> 0;
-- psql's \dT: information_schema's domains, the user's types (not the tables' row types nor any array type)
\dT information_schema.*
\dT+ information_schema.cardinal_number
\dT+ information_schema.time_stamp
\dTS pg_class
\dT
\dT+
\dT _orders
\dT orders
drop view big_orders;
drop table orders;
select typname from pg_type where typname in ('orders', '_orders', 'big_orders', '_big_orders') order by 1;
