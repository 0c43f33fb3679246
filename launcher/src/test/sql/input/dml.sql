--
-- rows in and out: INSERT, SELECT with WHERE/ORDER BY/aggregates, UPDATE, DELETE, RETURNING
--
create table dml_t (id int primary key, grp text not null, qty int, price numeric(8, 2));
insert into dml_t values (1, 'a', 10, 1.10), (2, 'a', 20, 2.20), (3, 'b', null, 3.30), (4, 'c', 40, null);
insert into dml_t values (1, 'dup', 0, 0);
insert into dml_t (id, grp) values (5, null);
select * from dml_t order by id;
select grp, count(*), sum(qty), max(price) from dml_t group by grp order by grp;
select id, qty * 2 as double_qty from dml_t where qty > 15 order by id desc;
select count(*) from dml_t where price is null;
update dml_t set qty = qty + 1 where grp = 'a' returning id, qty;
delete from dml_t where id = 3 returning *;
select id, grp, qty from dml_t order by id;
select 1 / 0;
select 'abc'::int;
select coalesce(null, 'x'), nullif(1, 1), upper('abc'), length('héllo');
drop table dml_t;
