--
-- pg_get_viewdef as PostgreSQL's ruleutils prints a view's query (plain and pretty), \d+ of a view, and the
-- output functions that qualify a user object's name when search_path does not show public (as pg_dump sets it)
--
create table customers (id serial primary key, email text not null unique, name varchar(100) default 'x');
create table orders (id serial primary key, customer_id int references customers (id) on delete cascade,
    total numeric(10, 2) check (total >= 0), placed timestamptz default now());
create type mood as enum ('sad', 'ok');
create view big_orders as select * from orders where total > 100;
create view order_mail as select o.id, c.email as mail, o.total * 2 as twice
    from orders o join customers c on c.id = o.customer_id
    where o.total > 1 and c.email like 'a%' order by o.id desc limit 5 offset 1;
create view per_customer as select customer_id, count(*), sum(total) from orders
    group by customer_id having count(*) > 1;
create view named as select distinct c.name from customers c, orders o
    left join big_orders b on b.id = o.id where c.id = o.customer_id;
create view nested as select * from (select id, email from customers where id > 0) s where s.id < 10;
create view sorted as select name, id from customers order by name nulls first, id desc;
select relname, pg_get_viewdef(c.oid) from pg_class c where relkind = 'v' and relnamespace = 'public'::regnamespace
    order by relname;
select relname, pg_get_viewdef(c.oid, true) from pg_class c where relkind = 'v'
    and relnamespace = 'public'::regnamespace order by relname;
select pg_get_viewdef('order_mail'::regclass, false) = pg_get_viewdef('order_mail'::regclass) as same;
\d+ big_orders
\d+ order_mail
-- views read in a dump's order: each view's _RETURN rule and what it depends on
select r.rulename, r.ev_class::regclass, r.ev_type, r.is_instead from pg_rewrite r
    where r.ev_class = 'big_orders'::regclass;
select distinct d.refobjid::regclass::text as refobjid, d.deptype from pg_depend d join pg_rewrite r on d.objid = r.oid
    where d.classid = 'pg_rewrite'::regclass and r.ev_class = 'named'::regclass
    and (d.refobjid <> r.ev_class or d.deptype = 'i') order by 1, 2;
select d.refobjid::regclass, d.refobjsubid, d.deptype from pg_depend d join pg_attrdef a on d.objid = a.oid
    where d.classid = 'pg_attrdef'::regclass and a.adrelid = 'orders'::regclass order by 1::text, 2, 3;
-- search_path without public: names of user objects come out qualified
select 'orders'::regclass, 'orders_id_seq'::regclass::text, 'mood'::regtype, format_type('mood'::regtype, -1);
select pg_table_is_visible('orders'::regclass), pg_type_is_visible('mood'::regtype);
set search_path = '';
-- an unqualified name does not resolve then on PostgreSQL (osgres still finds public's: not shown here)
select 'public.orders'::regclass, 'public.orders_id_seq'::regclass::text, 'pg_class'::regclass, 'public.mood'::regtype,
    format_type('public.mood'::regtype, -1), 'int4'::regtype;
select pg_table_is_visible('public.orders'::regclass), pg_type_is_visible('public.mood'::regtype),
    pg_table_is_visible('pg_class'::regclass);
select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'public.orders'::regclass order by adnum;
select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'public.orders'::regclass order by conname;
select pg_get_viewdef('public.named'::regclass);
select pg_get_indexdef('public.orders_pkey'::regclass);
reset search_path;
select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'orders'::regclass order by adnum;
