-- information_schema's views over the catalog (PostgreSQL 15's information_schema.sql): a schema with a serial
-- column, NOT NULL, defaults, a UNIQUE and a CHECK constraint, a foreign key, a view and functions, read through
-- each view. Constraint names made from oids (NOT NULL's) and specific names (name_oid) are left out: oids differ.
create table customers (id serial primary key, email text not null unique, name varchar(100) default 'x',
    created date, score numeric(6, 2), ratio float8, flags int2, seen timestamptz(3), span interval);
create table orders (id bigserial primary key, customer_id int references customers (id) on delete cascade,
    total numeric(10, 2) check (total >= 0), placed timestamptz default now(), note text, code char(4),
    unique (customer_id, code));
create table items (order_id bigint, line int, sku varchar(20) not null, primary key (order_id, line),
    foreign key (order_id) references orders (id) on update restrict);
create sequence counter as int increment by 5 minvalue 10 maxvalue 1000 cycle;
create view big_orders as select id, customer_id, total from orders where total > 100;
create view order_totals as select customer_id, sum(total) as total from orders group by customer_id;
create function add_one(i int) returns int language sql as 'select i + 1';
create function pair(a text, b int default 2, out c text, out d int) language sql as 'select a, b';
select * from information_schema.schemata where schema_name in ('public', 'information_schema', 'pg_catalog')
order by schema_name;
select * from information_schema.tables where table_schema = 'public' order by table_name;
select table_catalog, table_schema, table_name, table_type from information_schema.tables
where table_name in ('pg_class', 'pg_namespace') order by table_name;
select * from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position;
select * from information_schema.views where table_schema = 'public' order by table_name;
create view big_order_ids as select b.id, c.email from big_orders b join customers c on c.id = b.customer_id;
select * from information_schema.view_table_usage where view_schema = 'public' order by view_name, table_name;
select * from information_schema.sequences where sequence_schema = 'public' order by sequence_name;
select constraint_catalog, constraint_schema, constraint_name, table_schema, table_name, constraint_type,
       is_deferrable, initially_deferred, enforced, nulls_distinct
from information_schema.table_constraints
where table_schema = 'public' and constraint_type <> 'CHECK' order by table_name, constraint_name;
select table_name, constraint_type, count(*) from information_schema.table_constraints
where table_schema = 'public' and constraint_type = 'CHECK' group by 1, 2 order by 1;
select * from information_schema.key_column_usage where table_schema = 'public'
order by table_name, constraint_name, ordinal_position;
select * from information_schema.referential_constraints where constraint_schema = 'public'
order by constraint_name;
select * from information_schema.check_constraints
where constraint_schema = 'public' and constraint_name not like '%not_null' order by constraint_name;
select count(*) from information_schema.check_constraints
where constraint_schema = 'public' and constraint_name like '%not_null';
select * from information_schema.constraint_column_usage where table_schema = 'public'
order by table_name, column_name, constraint_name;
select routine_catalog, routine_schema, routine_name, routine_type, data_type, type_udt_name, routine_body,
       external_language, parameter_style, is_deterministic, sql_data_access, is_null_call, security_type,
       is_implicitly_invocable, is_user_defined_cast, as_locator
from information_schema.routines where routine_schema = 'public' order by routine_name;
select p.ordinal_position, p.parameter_mode, p.is_result, p.as_locator, p.parameter_name, p.data_type, p.udt_name,
       p.parameter_default
from information_schema.parameters p join information_schema.routines r using (specific_name)
where r.routine_schema = 'public' order by r.routine_name, p.ordinal_position;
select count(*) > 100 as many from information_schema.routines where routine_schema = 'pg_catalog';
select * from information_schema.constraint_table_usage where table_schema = 'public'
order by table_name, constraint_name;
create function touch() returns trigger language plpgsql as 'begin return new; end';
create trigger orders_touch before update of note, total on orders for each row execute function touch();
select trigger_catalog, trigger_schema, trigger_name, event_manipulation, event_object_schema, event_object_table,
       action_order, action_condition, action_statement, action_orientation, action_timing
from information_schema.triggers where trigger_schema = 'public' order by trigger_name;
select * from information_schema.triggered_update_columns where trigger_schema = 'public'
order by trigger_name, event_object_column;
select * from information_schema.information_schema_catalog_name;
select character_set_name, character_repertoire, form_of_use from information_schema.character_sets;
select count(*) from information_schema.transforms;
-- types: domains, composites, enums, arrays
create domain posint as int check (value > 0);
create domain code as varchar(5);
create type addr as (street text, zip int);
create type mood as enum ('low', 'high');
create table typed (a posint, b code, c addr, d int[], e mood);
select * from information_schema.column_domain_usage where domain_schema = 'public' order by domain_name;
select * from information_schema.domain_udt_usage where domain_schema = 'public' order by domain_name;
select * from information_schema.column_udt_usage where table_name = 'typed' order by column_name;
-- (domain_default left out: pg_type.typdefault is the default as written on osgres)
select domain_catalog, domain_schema, domain_name, data_type, character_maximum_length, numeric_precision,
       udt_name, dtd_identifier
from information_schema.domains where domain_schema = 'public' order by domain_name;
select udt_name, attribute_name, ordinal_position, data_type, attribute_udt_name
from information_schema.attributes where udt_schema = 'public' order by udt_name, ordinal_position;
select user_defined_type_name, user_defined_type_category, is_instantiable, is_final
from information_schema.user_defined_types where user_defined_type_schema = 'public' order by 1;
select object_name, object_type, dtd_identifier from information_schema.data_type_privileges
where object_schema = 'public' and object_name = 'typed' order by dtd_identifier;
select object_name, object_type, collection_type_identifier, data_type from information_schema.element_types
where object_schema = 'public' order by object_name;
select (select count(*) from information_schema.foreign_tables) + (select count(*) from
    information_schema.foreign_servers) + (select count(*) from information_schema.user_mappings) as foreign_objects;
-- a temporary table is LOCAL TEMPORARY, in this session's pg_temp_N
create temporary table scratch (k int primary key);
select table_schema like 'pg_temp_%' as temporary, table_name, table_type from information_schema.tables
where table_name = 'scratch';
select column_name, data_type from information_schema.columns where table_name = 'scratch';
-- qualified only, and only the views there are
select * from tables;
select * from information_schema.no_such_view;
