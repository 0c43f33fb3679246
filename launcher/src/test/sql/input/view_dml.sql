--
-- INSERT, UPDATE and DELETE through automatically updatable views (rewriteTargetView): the view's base table is
-- changed, the view's WHERE limits UPDATE and DELETE, columns map by name, and views that are not auto-updatable
-- or columns that are not plain base columns give PostgreSQL's errors
--
create table vd_t (id int primary key, name text not null, qty int default 5, note text);
insert into vd_t values (1, 'a', 10, 'x'), (2, 'b', 20, 'y'), (3, 'c', 30, null);
create view vd_big as select id, qty, name from vd_t where qty >= 20;
create view vd_expr as select id, name, qty * 2 as double_qty from vd_t;
create view vd_agg as select count(*) as n from vd_t;
create view vd_join as select t.id, u.name from vd_t t join vd_t u on t.id = u.id;
-- INSERT: columns by the view's names and order, the rest take the base table's defaults
insert into vd_big values (4, 40, 'd') returning *;
insert into vd_big (name, id) values ('e', 5) returning id, name, qty;
insert into vd_big (id, name) values (6, 'f'), (7, 'g');
insert into vd_big select id + 100, qty, name from vd_t where id = 1;
select * from vd_t order by id;
-- UPDATE and DELETE see only the view's rows
update vd_big set qty = qty + 1 returning id, qty;
update vd_big set name = upper(name) where id in (1, 2) returning *;
delete from vd_big where qty < 25 returning id;
select * from vd_t order by id;
-- an alias, RETURNING *, and a join in FROM
update vd_big b set note = 'seen' from vd_t t where t.id = b.id and t.qty > 30 returning b.*;
select * from vd_t order by id;
-- columns that are expressions: readable, not writable
update vd_expr set name = 'z' where double_qty > 60 returning id, name, double_qty;
update vd_expr set double_qty = 1;
insert into vd_expr (id, name, double_qty) values (9, 'i', 18);
insert into vd_expr (id, name) values (9, 'i') returning *;
delete from vd_expr where double_qty = 18 returning id;
-- views that are not automatically updatable
insert into vd_agg values (1);
update vd_agg set n = 1;
delete from vd_join;
-- WITH CHECK OPTION: a new row the view would not show is refused
create view vd_checked as select id, qty, name from vd_t where qty >= 20 with check option;
insert into vd_checked values (20, 25, 'ok') returning *;
insert into vd_checked values (21, 5, 'low');
insert into vd_checked (id, name) values (22, 'default qty');
update vd_checked set qty = 1 where id = 20;
update vd_checked set qty = 30 where id = 20 returning *;
update vd_checked set qty = null where id = 20;
select count(*) from vd_t;
drop view vd_big, vd_expr, vd_agg, vd_join, vd_checked;
drop table vd_t;
