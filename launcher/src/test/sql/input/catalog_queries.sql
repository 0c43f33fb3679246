-- what pg_dump's catalog queries use: tableoid of a catalog, acldefault, name subscripts, regproc and oid
select n.tableoid::regclass, n.nspname from pg_namespace n where n.nspname = 'public';
select tableoid::regclass, count(*) > 0 as rows from pg_type group by 1;
select c.tableoid = 'pg_class'::regclass as same from pg_class c where c.relname = 'pg_class';
select acldefault('r', 10), acldefault('s', 10), acldefault('n', 10), acldefault('f', 10), acldefault('T', 10);
select acldefault('d', 10), acldefault('l', 10), acldefault('c', 10), acldefault('t', 10), acldefault('F', 10);
select acldefault('r', 4000000000::oid);
select acldefault('x', 10);
select typname, typname[0], typname[1], typname[3], typname[63], typname[64], typname[-1]
from pg_type where typname in ('_int4', 'int4') order by 1;
select typname from pg_type where typname[0] = '_' and typelem = 23;
select oprname, oprcode, oprcode::oid from pg_operator where oid in (96, 98) order by oid;
select 'pg_backend_pid'::regproc::oid = (select oid from pg_proc where proname = 'pg_backend_pid') as same;
select p.proname from pg_proc p where p.oid = 'pg_backend_pid'::regproc;
select count(*) from pg_proc p where 'pg_backend_pid'::regproc = p.oid;
select 0::regproc, (select oid from pg_proc where proname = 'pg_backend_pid')::regproc;
select fdwhandler::pg_catalog.regproc from pg_foreign_data_wrapper;
select t.typname from pg_type t where t.typinput::oid = 750 and t.typname in ('_int4', '_text') order by 1;
-- pg_partitioned_table and pg_get_partkeydef
create table cq_range (k int, v text) partition by range (k);
create table cq_range_1 partition of cq_range for values from (0) to (10);
create table cq_range_d partition of cq_range default;
create table cq_list (k text, n int) partition by list (k);
create table cq_hash (a int, b int8) partition by hash (b, a);
select c.relname, p.partstrat, p.partnatts, p.partdefid::regclass, p.partattrs, p.partcollation, p.partexprs
from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by 1;
select c.relname, o.opcname, o.opcmethod from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
join pg_opclass o on o.oid::text = split_part(p.partclass::text, ' ', 1) order by 1;
select pg_get_partkeydef('cq_range'::regclass), pg_get_partkeydef('cq_list'::regclass),
       pg_get_partkeydef('cq_hash'::regclass), pg_get_partkeydef('cq_range_1'::regclass);
-- pg_options_to_table, as pg_dump reads reloptions
create table cq_opts (a int) with (fillfactor = 70, autovacuum_enabled = false);
select option_name, option_value from pg_options_to_table((select reloptions from pg_class where relname = 'cq_opts'))
order by 1;
select * from pg_options_to_table(array['a=1', 'b=x=y', 'c']);
select count(*) from pg_options_to_table(null);
-- int2vector and oidvector: arrays numbered from 0, written as numbers separated by spaces
create table cq_vec (a int, b text, c int);
create index cq_vec_cb on cq_vec (c, b);
select i.indkey, i.indkey[0], i.indkey[1], i.indkey[2], array_length(i.indkey, 1), array_lower(i.indkey, 1),
       3 = any(i.indkey), 2 = any(i.indkey), i.indclass, i.indcollation, i.indoption
from pg_index i where i.indexrelid = 'cq_vec_cb'::regclass;
select '1 2 3'::int2vector, ('1 2 3'::int2vector)[1], '  7   8 '::int2vector, ''::int2vector, '23 25'::oidvector;
select '1 2'::int2vector = '1 2'::int2vector, '1 2'::int2vector::text, array_to_string('4 5'::int2vector, ',');
select proname, proargtypes, pronargs from pg_proc where proname in ('pg_backend_pid', 'pg_size_pretty') order by 1, 2;
select c.relname, (select string_agg(a.attname, ',' order by k.n) from pg_attribute a,
       generate_series(0, array_upper(i.indkey, 1)) k(n) where a.attrelid = i.indrelid and a.attnum = i.indkey[k.n])
from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'cq_vec_cb';
select '1 x'::int2vector;
-- initdb's privileges and descriptions of the schemas, and of pg_subscription's readable columns
select nspname, nspacl from pg_namespace where nspname in ('public', 'pg_catalog', 'information_schema', 'pg_toast')
order by 1;
select obj_description('public'::regnamespace, 'pg_namespace'), obj_description(11, 'pg_namespace'),
       obj_description(99, 'pg_namespace');
select attname, attacl from pg_attribute where attrelid = 'pg_subscription'::regclass and attacl is not null
order by attnum;
