-- PostgreSQL 15's built-in rows of the catalogs pg_dump and drivers read: operators, operator classes and
-- families, their access-method entries, casts, conversions, ranges, aggregates, initial privileges, text search;
-- and the catalogs of objects osgres has none of, empty
select count(*) from pg_operator;
select count(*) from pg_opclass;
select count(*) from pg_opfamily;
select count(*) from pg_amop;
select count(*) from pg_amproc;
select count(*) from pg_cast;
select count(*) from pg_conversion;
select count(*) from pg_aggregate;
select count(*) from pg_range;
select count(*) from pg_init_privs;
select count(*) from pg_ts_config;
select count(*) from pg_ts_config_map;
select oid, oprname, oprkind, oprcanmerge, oprcanhash, oprleft::regtype, oprright::regtype, oprresult::regtype,
       oprcom, oprnegate, oprcode, oprrest, oprjoin
from pg_operator where oprname in ('=', '<', '||', '~~') and oprleft in (23, 25, 1043, 20) order by oid;
select oid, opcmethod, opcname, opcnamespace::regnamespace, opcfamily, opcintype::regtype, opcdefault, opckeytype
from pg_opclass where opcintype in (23, 25, 2950) order by oid;
select castsource::regtype, casttarget::regtype, castfunc, castcontext, castmethod
from pg_cast where castsource in (21, 23, 20) order by castsource, casttarget;
select a.aggfnoid, a.aggkind, a.aggnumdirectargs, a.aggtransfn, a.aggfinalfn, a.aggtranstype::regtype, a.agginitval
from pg_aggregate a where a.aggtransfn::text in ('int8_avg_accum', 'int4_sum', 'int8inc_any', 'int8inc')
order by a.aggfnoid::text, a.aggtransfn::text;
select amopfamily, amoplefttype::regtype, amoprighttype::regtype, amopstrategy, amoppurpose, amopopr, amopmethod
from pg_amop where amopfamily = 1976 and amoplefttype = 23 order by amoprighttype, amopstrategy;
select rngtypid::regtype, rngsubtype::regtype, rngmultitypid::regtype, rngsubopc, rngcanonical, rngsubdiff
from pg_range order by 1;
select objoid, classoid, objsubid, privtype, array_length(initprivs, 1) from pg_init_privs
where objoid in (11, 2200, 1259) order by 1, 2, 3;
select cfgname, cfgparser from pg_ts_config where cfgname in ('simple', 'english') order by 1;
-- the catalogs of kinds of objects a fresh PostgreSQL 15 has none of
select (select count(*) from pg_transform) + (select count(*) from pg_db_role_setting)
     + (select count(*) from pg_seclabel) + (select count(*) from pg_shseclabel)
     + (select count(*) from pg_subscription) + (select count(*) from pg_largeobject_metadata)
     + (select count(*) from pg_largeobject) + (select count(*) from pg_foreign_data_wrapper)
     + (select count(*) from pg_foreign_server) + (select count(*) from pg_foreign_table)
     + (select count(*) from pg_user_mapping) + (select count(*) from pg_event_trigger)
     + (select count(*) from pg_default_acl) + (select count(*) from pg_parameter_acl)
     + (select count(*) from pg_replication_origin) as rows;
select subname, subskiplsn, subconninfo from pg_subscription;
-- their columns, as pg_attribute describes them
select c.relname, count(*) as columns, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
       order by a.attnum) as definition
from pg_class c join pg_attribute a on a.attrelid = c.oid
where c.relname in ('pg_cast', 'pg_range', 'pg_init_privs', 'pg_subscription', 'pg_default_acl', 'pg_event_trigger')
  and a.attnum > 0
group by c.relname order by 1;
select relname, relkind, relnamespace::regnamespace from pg_class
where oid in (2600, 2602, 2603, 2605, 2607, 2616, 2617, 2753, 3394, 3541, 3602, 6100) order by oid;
-- regproc: a function by its name as the catalogs print it, compared by name
select typname from pg_type where typinput = 'array_in'::regproc and typname in ('_int4', '_text', '_bool', 'int4')
order by 1;
select typname from pg_type
where typinput = 'pg_catalog.array_in'::regproc and typoutput = 'array_out'::regproc and typname like '_int%'
order by 1;
select typname from pg_type where typreceive = 'int4recv'::regproc;
