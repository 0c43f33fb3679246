-- Table inheritance and declarative partitioning: keys, bounds and their errors, tuple routing, partition
-- constraints, rows moving between partitions, Append plans with pruning, ATTACH/DETACH, INHERITS, DROP/TRUNCATE.

-- list partitioning
create table orders (id int, region text, amount numeric) partition by list (region);
create table orders_north partition of orders for values in ('north', 'arctic');
create table orders_south partition of orders for values in ('south');
create table orders_none partition of orders for values in (null);
create table orders_bad partition of orders for values in ('east', 'south');
create table orders_bad partition of orders for values in (null);
insert into orders values (1, 'north', 10), (2, 'south', 20), (3, null, 30), (4, 'arctic', 40);
insert into orders values (5, 'west', 50);
insert into orders_south values (6, 'north', 60);
insert into orders_north values (7, 'arctic', 70);
select tableoid::regclass as part, * from orders order by id;
select * from orders_north order by id;
select * from only orders;
create table orders_other partition of orders default;
create table orders_other2 partition of orders default;
insert into orders values (5, 'west', 50);
select tableoid::regclass as part, * from orders order by id;
-- a new partition may not take rows the default partition holds
create table orders_west partition of orders for values in ('west');
delete from orders where region = 'west';
create table orders_west partition of orders for values in ('west');
insert into orders values (8, 'west', 80) returning *;
select tableoid::regclass as part, count(*) from orders group by 1 order by 1;

-- plan-time pruning
explain (costs off) select * from orders;
explain (costs off) select * from orders where region = 'south';
explain (costs off) select * from orders where region = 'nowhere';
explain (costs off) select * from orders where region is null;
explain (costs off) select * from orders where region = 'south' and id = 1 and region = 'north';
explain (costs off) select * from only orders;

-- updates: in place, across partitions, through the parent, on a partition directly
update orders set amount = amount + 1 where region = 'north';
update orders set region = 'south' where id = 1;
select tableoid::regclass as part, * from orders order by id;
update orders_south set region = 'north' where id = 1;
update orders set region = 'mars' where id = 1;
update orders set id = id * 100 where amount > 45 returning id, region, amount;
delete from orders where region = 'south' returning *;
select tableoid::regclass as part, * from orders order by id;

-- range partitioning, several columns, MINVALUE and MAXVALUE
create table events (y int, m int, what text) partition by range (y, m);
create table events_old partition of events for values from (minvalue, minvalue) to (2020, 1);
create table events_2020 partition of events for values from (2020, 1) to (2021, 1);
create table events_new partition of events for values from (2021, 1) to (maxvalue, maxvalue);
create table events_bad partition of events for values from (2020, 6) to (2020, 7);
create table events_empty partition of events for values from (2030, 5) to (2030, 1);
create table events_short partition of events for values from (2030) to (2031);
create table events_mixed partition of events for values from (2030, maxvalue) to (maxvalue, 1);
insert into events values (2019, 12, 'a'), (2020, 1, 'b'), (2020, 12, 'c'), (2021, 1, 'd'), (3000, 1, 'e');
insert into events values (null, 1, 'f');
select tableoid::regclass as part, * from events order by y, m;
explain (costs off) select * from events where y = 2020;
explain (costs off) select * from events where y < 2020;
explain (costs off) select * from events where y >= 2021;
explain (costs off) select * from events where y > 2100;

-- multi-level partitioning
create table sales (region text, day int, qty int) partition by list (region);
create table sales_eu partition of sales for values in ('eu') partition by range (day);
create table sales_eu_1 partition of sales_eu for values from (1) to (16);
create table sales_eu_2 partition of sales_eu for values from (16) to (32);
create table sales_us partition of sales for values in ('us');
insert into sales values ('eu', 3, 1), ('eu', 20, 2), ('us', 5, 3);
insert into sales values ('eu', 40, 4);
select tableoid::regclass as part, * from sales order by region, day;
explain (costs off) select * from sales where region = 'eu' and day = 20;
explain (costs off) select * from sales where day = 3;
update sales set day = 25 where day = 3;
select tableoid::regclass as part, * from sales order by region, day;
update sales set region = 'us' where day = 25;
select tableoid::regclass as part, * from sales order by region, day;

-- hash partitioning: rows land where PostgreSQL's hash functions put them
create table hp (a int, b text) partition by hash (a);
create table hp0 partition of hp for values with (modulus 4, remainder 0);
create table hp1 partition of hp for values with (modulus 4, remainder 1);
create table hp2 partition of hp for values with (modulus 4, remainder 2);
create table hp3 partition of hp for values with (modulus 4, remainder 3);
insert into hp select g, 'v' || g from generate_series(1, 20) g;
select tableoid::regclass, count(*), min(a), max(a) from hp group by 1 order by 1;
select tableoid::regclass, a from hp where a in (1, 2, 3, 7, 11) order by a;
create table hpx partition of hp for values with (modulus 8, remainder 1);
create table hpy partition of hp for values with (modulus 3, remainder 1);
create table hpz partition of hp for values with (modulus 2, remainder 1);
create table hpd partition of hp default;
create table hpw partition of hp for values with (modulus 0, remainder 1);
create table hpv partition of hp for values with (modulus 4, remainder 5);
create table hpu partition of hp for values in (1);
insert into hp3 values (1, 'x');
insert into hp values (null, 'n') returning tableoid::regclass, *;
create table ht (t text, n bigint, s smallint) partition by hash (t, n, s);
create table ht0 partition of ht for values with (modulus 3, remainder 0);
create table ht1 partition of ht for values with (modulus 3, remainder 1);
create table ht2 partition of ht for values with (modulus 3, remainder 2);
insert into ht values ('apple', 1, 1), ('banana and a long string here', -5000000000, 2), ('', 0, -1), (null, 7, 3), ('cherry', null, null);
select tableoid::regclass, * from ht order by t;
create table hd (d date, c char(5), v varchar, o bool) partition by hash (d, c, v, o);
create table hd0 partition of hd for values with (modulus 2, remainder 0);
create table hd1 partition of hd for values with (modulus 2, remainder 1);
insert into hd values ('2020-01-01', 'ab', 'xyz', true), ('1999-12-31', 'abc  ', 'hello world!', false), ('2000-01-01', null, 'twelve bytes', true);
select tableoid::regclass, * from hd order by d;
drop table hp, ht, hd;

-- keys and bounds that are wrong
create table k1 (a int, b int) partition by list (a, b);
create table k2 (a int) partition by range (z);
create table k3 (a int) partition by range (a);
create table k3_1 partition of k3 for values in (1);
create table k3_2 partition of k3 for values from (1) to (2, 3);
create table k3_3 partition of k3 for values from ('x') to (2);
create table k4 (a int);
create table k4_1 partition of k4 for values in (1);
create table k5 (a int) partition by list (a);
create table k5_1 partition of k5 for values from (1) to (2);
create table k5_2 partition of k5 for values in (1, 1, 2);
select tableoid::regclass as part, * from k5;
insert into k5 values (2);
select tableoid::regclass as part, * from k5;

-- ATTACH and DETACH PARTITION
create table stock (item int, qty int) partition by range (item);
create table stock_1 partition of stock for values from (1) to (100);
create table stock_loose (item int, qty int);
insert into stock_loose values (150, 1), (250, 2);
alter table stock attach partition stock_loose for values from (100) to (200);
alter table stock attach partition stock_loose for values from (50) to (300);
alter table stock attach partition stock_loose for values from (100) to (300);
select tableoid::regclass as part, * from stock order by item;
alter table stock attach partition stock_loose for values from (300) to (400);
create table stock_extra (item int, qty int, note text);
alter table stock attach partition stock_extra for values from (400) to (500);
alter table stock detach partition stock_loose;
select tableoid::regclass as part, * from stock order by item;
select * from stock_loose order by item;
alter table stock detach partition stock_loose;
alter table stock_loose attach partition stock_1 for values from (1) to (2);
insert into stock_loose values (1000, 1);

-- indexes and unique keys reach every partition
create table accounts (id int primary key, owner text) partition by range (id);
create table accounts_1 partition of accounts for values from (1) to (1000);
create table accounts_2 partition of accounts for values from (1000) to (2000);
insert into accounts values (5, 'a'), (1500, 'b');
insert into accounts values (5, 'c');
insert into accounts values (1500, 'c') on conflict do nothing;
create index on accounts (owner);
create table accounts_3 partition of accounts for values from (2000) to (3000);
insert into accounts values (2500, 'd'), (2500, 'e');
select * from accounts order by id;

-- a unique key of a partitioned table must hold the partition key
create table u1 (a int, b int, primary key (a)) partition by range (b);
create table u2 (a int, b int, unique (a, b)) partition by range (b);
create table u2p partition of u2 for values from (1) to (10);
create unique index on u2 (a);
create index on u2 (a);
create table u3 (a int primary key, b int) partition by list ((a + 1));
alter table u2 add primary key (a);
create table u4 (a int, b int) partition by range (a);
create table u4p partition of u4 for values from (1) to (10) partition by list (b);
create unique index on u4 (a);
drop table u2, u4;

-- COPY routes rows too
copy accounts from stdin;
10	copied
2010	copied too
\.
select tableoid::regclass as part, * from accounts order by id;

-- TRUNCATE and DROP reach the partitions
truncate accounts;
select count(*) from accounts;
select count(*) from accounts_2;
drop table accounts;
select * from accounts_1;

-- table inheritance
create table animals (name text, legs int);
create table birds (wingspan numeric) inherits (animals);
create table pets (name text, owner text) inherits (animals);
create table pets2 (name int) inherits (animals);
insert into animals values ('snake', 0);
insert into birds values ('robin', 2, 0.3);
insert into pets values ('rex', 4, 'ann');
select * from animals order by name;
select tableoid::regclass as tbl, name from animals order by name;
select * from only animals;
select * from pets;
explain (costs off) select * from animals where legs > 1;
update animals set legs = legs + 10 where name <> 'snake';
select * from animals order by name;
select * from birds;
delete from animals where legs = 12;
select tableoid::regclass as tbl, * from animals order by name;
delete from only animals;
select * from animals order by name;
create table multi (extra int) inherits (animals, pets);
alter table birds no inherit animals;
select * from animals order by name;
alter table birds no inherit animals;
alter table birds inherit animals;
select * from animals order by name;
create table nolegs (name text);
alter table nolegs inherit animals;
create table sub partition of animals for values in (1);
create table byleg (name text, legs int) partition by list (legs);
create table inh_from_part (x int) inherits (byleg);
drop table animals;
drop table animals cascade;
select * from birds;
drop table orders, events, sales, k3, k5, stock, stock_loose, stock_extra, byleg;
