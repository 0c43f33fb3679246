-- psql's \d of views, indexes and sequences (pg_sequence, pg_depend's owned-by rows, pg_index.indpred,
-- pg_get_indexdef of one column)
create table orders (id serial primary key, customer text not null, total numeric(10,2), code int unique,
                     placed date default current_date);
create index orders_customer on orders (customer);
create index orders_big on orders (total) where total > 100;
create unique index orders_customer_code on orders (customer, code);
create view big_orders as select id, customer, total from orders where total > 100;
create sequence plain_seq;
create sequence odd_seq as integer start 5 increment 2 minvalue 1 maxvalue 1001 cache 3 cycle;
create sequence owned_seq owned by orders.code;
\d big_orders
\d orders_pkey
\d orders_customer
\d orders_big
\d orders_code_key
\d orders_customer_code
\d orders_id_seq
\d plain_seq
\d odd_seq
\d owned_seq
select seqrelid::regclass, format_type(seqtypid, null), seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle
from pg_sequence order by seqrelid::regclass::text;
select classid::regclass, objid::regclass, objsubid, refclassid::regclass, refobjid::regclass, refobjsubid, deptype
from pg_depend where objid in ('orders_id_seq'::regclass, 'owned_seq'::regclass, 'plain_seq'::regclass)
  and refclassid = 'pg_class'::regclass
order by objid::regclass::text;
select pg_get_serial_sequence('orders', 'id'), pg_get_serial_sequence('orders', 'code'),
       pg_get_serial_sequence('orders', 'total');
select indexrelid::regclass, pg_get_expr(indpred, indrelid), pg_get_expr(indpred, indrelid, true)
from pg_index where indrelid = 'orders'::regclass order by indexrelid::regclass::text;
select pg_get_indexdef('orders_customer_code'::regclass, 0, true), pg_get_indexdef('orders_customer_code'::regclass, 2, true),
       pg_get_indexdef('orders_big'::regclass);
alter sequence owned_seq owned by none;
\d owned_seq
