-- CREATE RULE and the query rewriter: ON INSERT / UPDATE / DELETE rules on tables and views
create table acct (id int, owner text default 'nobody', balance int default 0);
create table acct_log (op text, id int, owner text, balance int);

-- DO ALSO on INSERT: NEW is each inserted row, defaults included
create rule acct_ins as on insert to acct do also
  insert into acct_log values ('ins', new.id, new.owner, new.balance);
insert into acct values (1, 'ann', 10);
insert into acct (id) values (2), (3);
insert into acct select g, 'gen' || g, g * 100 from generate_series(4, 5) g;
select * from acct order by id;
select * from acct_log order by op, id;

-- DO ALSO on UPDATE: OLD and NEW of each updated row; a multi-row VALUES action
create rule acct_upd as on update to acct do also
  insert into acct_log values ('old', old.id, old.owner, old.balance), ('new', new.id, new.owner, new.balance);
update acct set balance = balance + 1 where id <= 2;
select * from acct_log where op in ('old', 'new') order by op, id;

-- UPDATE ... FROM: the FROM items join the rule action too
create table bonus (id int, amount int);
insert into bonus values (3, 30), (4, 40);
update acct set balance = acct.balance + b.amount from bonus b where b.id = acct.id;
select * from acct_log where op in ('old', 'new') and id >= 3 order by op, id;

-- DO INSTEAD on DELETE: the rows stay, the action runs per row instead
create rule acct_del as on delete to acct do instead
  insert into acct_log values ('del', old.id, old.owner, old.balance);
delete from acct where id >= 4;
select * from acct order by id;
select * from acct_log where op = 'del' order by id;

-- a rule of that name exists; OR REPLACE replaces it: DO INSTEAD NOTHING
create rule acct_del as on delete to acct do instead nothing;
create or replace rule acct_del as on delete to acct do instead nothing;
delete from acct;
select count(*) from acct;

-- a qualified DO INSTEAD: matching rows go to the action, the others to the table
create table acct_big (id int, balance int);
create rule acct_big as on insert to acct where new.balance >= 1000 do instead
  insert into acct_big values (new.id, new.balance);
insert into acct values (10, 'x', 5), (11, 'y', 5000), (12, 'z', null);
select id, balance from acct where id >= 10 order by id;
select * from acct_big order by id;

-- several actions, and several rules firing in name order
create table seq_log (n serial, what text);
create rule z_second as on insert to acct_big do also
  (insert into seq_log (what) values ('z1 ' || new.id); insert into seq_log (what) values ('z2 ' || new.id));
create rule a_first as on insert to acct_big do also
  insert into seq_log (what) values ('a ' || new.id);
insert into acct_big values (20, 1);
select * from seq_log order by n;

-- DROP RULE
drop rule z_second on acct_big;
drop rule if exists z_second on acct_big;
drop rule z_second on acct_big;
drop rule if exists z_second on no_such_table;
drop rule z_second on no_such_table;
insert into acct_big values (21, 1);
select * from seq_log order by n;

-- a view made changeable by DO INSTEAD rules (it is not automatically updatable)
create table item (id int, name text, qty int);
insert into item values (1, 'apple', 3), (2, 'pear', 0);
create view item_stock as select id, upper(name) as name, qty, qty > 0 as available from item;
create rule item_stock_ins as on insert to item_stock do instead
  insert into item values (new.id, lower(new.name), new.qty);
create rule item_stock_upd as on update to item_stock do instead
  update item set qty = new.qty, name = lower(new.name) where id = old.id;
create rule item_stock_del as on delete to item_stock do instead
  delete from item where id = old.id;
insert into item_stock values (3, 'PLUM', 7, true);
insert into item_stock (id, name, qty) select 4, 'Fig', 2;
update item_stock set qty = qty + 10 where not available;
update item_stock set name = 'Grape' where id = 4;
delete from item_stock where id = 1;
select * from item_stock order by id;
select * from item order by id;

-- RETURNING comes from the DO INSTEAD rule's RETURNING list
create rule item_stock_ins2 as on insert to item_stock do instead
  insert into item values (new.id, lower(new.name), new.qty) returning id, upper(name), qty, qty > 0;
insert into item_stock values (5, 'kiwi', 1, true) returning *;
drop rule item_stock_ins2 on item_stock;
insert into item_stock values (6, 'lime', 1, true) returning *;
update item_stock set qty = 0 where id = 5 returning *;
create rule acct_log_ins as on insert to acct_log do also insert into seq_log (what) values ('log');
insert into acct_log values ('x', 0, 'x', 0) returning op, id;

-- a conditional DO INSTEAD rule does not make a view updatable
create view item_view as select id, name from item;
create rule item_view_ins as on insert to item_view where new.id > 100 do instead
  insert into item values (new.id, new.name, 0);
insert into item_view values (1000, 'melon');
update item_view set name = 'x' where id = 2;
-- a DO ALSO rule on an automatically updatable view runs with the change through the view
drop rule item_view_ins on item_view;
create table item_audit (id int, name text);
create rule item_view_upd as on update to item_view do also
  insert into item_audit values (old.id, old.name || ' -> ' || new.name);
update item_view set name = name || '!' where id = 2;
select * from item order by id;
select * from item_audit order by id;

-- rules reaching their own relation again
create table loop_t (a int);
create rule loop_r as on insert to loop_t do also insert into loop_t values (new.a + 1);
insert into loop_t values (1);
drop rule loop_r on loop_t;
create table loop_u (a int);
create rule loop_1 as on insert to loop_t do instead insert into loop_u values (new.a);
create rule loop_2 as on insert to loop_u do instead insert into loop_t values (new.a);
insert into loop_t values (1);
drop rule loop_2 on loop_u;
insert into loop_t values (2);
select * from loop_u;

-- what CREATE RULE checks
create rule bad as on insert to acct do also insert into acct_log (id) values (old.id);
create rule bad as on delete to acct do also insert into acct_log (id) values (new.id);
create rule bad as on insert to acct do also insert into acct_log (id) values (new.nosuch);
create rule bad as on insert to no_such_table do also nothing;
create rule bad as on insert to acct do also insert into acct_big values (new.id, 1) returning *;
create rule bad as on insert to acct where new.id = 1 do instead
  insert into acct_big values (new.id, 1) returning *;
create rule bad as on insert to acct do instead
  (insert into acct_big values (new.id, 1) returning id, 'x', 1; insert into acct_big values (new.id, 2) returning *);
create rule bad as on insert to acct do instead insert into acct_big values (new.id, 1) returning *;
create rule bad as on insert to acct do instead insert into acct_big values (new.id, 1) returning id, 1, 2;
create rule bad as on insert to acct do instead insert into acct_big values (new.id, 1) returning id, 'x', 1, 2;
create rule bad as on update to acct do instead
  with t as (select old.*) update acct_big set balance = t.balance from t;
create rule bad as on update to acct where id = 1 do instead nothing;

-- RETURNING without a rule that provides it
create rule item_view_del as on delete to item_view do instead delete from item where id = old.id;
delete from item_view where id = 2 returning *;
-- ON CONFLICT and rules
create table uq (k int primary key, v text);
create rule uq_ins as on insert to uq do also insert into seq_log (what) values ('uq');
insert into uq values (1, 'a') on conflict (k) do nothing;

-- a prepared statement is rewritten by the rules as they are when it runs
create table pt (a int);
create table pt_log (a int);
prepare ins_pt(int) as insert into pt values ($1);
execute ins_pt(1);
create rule pt_ins as on insert to pt do instead insert into pt_log values (new.a * 10);
execute ins_pt(2);
drop rule pt_ins on pt;
execute ins_pt(3);
select * from pt order by a;
select * from pt_log order by a;

-- dropping a relation drops its rules: a new table of that name starts without them
drop table pt;
create table pt (a int);
insert into pt values (4);
select * from pt_log order by a;
create rule pt_ins as on insert to pt do instead nothing;

-- data-modifying WITH queries and rules
create table y (a int);
insert into y values (1), (2);
create rule y_rule as on delete to y do instead insert into y values (42) returning *;
with t as (delete from y returning *) select * from t;
select * from y order by a;
drop rule y_rule on y;
create rule y_rule as on insert to y where a = 0 do instead delete from y;
with t as (insert into y values (0)) values (false);
create or replace rule y_rule as on insert to y do instead nothing;
with t as (insert into y values (0)) values (false);
create or replace rule y_rule as on insert to y do instead notify foo;
with t as (insert into y values (0)) values (false);
create or replace rule y_rule as on insert to y do also notify foo;
with t as (insert into y values (0)) values (false);
create or replace rule y_rule as on insert to y do instead (notify foo; notify bar);
with t as (insert into y values (0)) values (false);
drop rule y_rule on y;
create table y2 (a int);
create rule y_ins as on insert to y do instead insert into y2 values (new.a);
with t as (delete from y returning *) insert into y select * from t;
select * from y order by a;
select * from y2 order by a;
create or replace rule y_ins as on insert to y do instead insert into y2 select new.a;
with t as (delete from y returning *) insert into y select * from t;
create or replace rule y_ins as on insert to y do also insert into y2 values (new.a);
with t as (select 5 as a) insert into y select * from t;

-- EXPLAIN shows the plan of each query the statement became
create table e1 (a int, b int);
create table e2 (a int, b int);
create rule e1_ins as on insert to e1 do also insert into e2 values (new.a * 10, new.b);
explain (costs off) insert into e1 values (1, 2);
create rule e2_upd as on update to e2 do instead nothing;
explain (costs off) update e2 set a = 1;
create rule e1_del as on delete to e1 where old.a > 1 do instead delete from e2 where a = old.a * 10;
explain (costs off) delete from e1 where b = 3;
explain (analyze, costs off, timing off, summary off) insert into e1 values (3, 3);
select * from e1 order by a;
select * from e2 order by a;

-- NEW.* and OLD.* stand for all the row's columns
create table star_t (id int, v text);
create table star_log (id int, v text);
create rule star_ins as on insert to star_t do also insert into star_log values (new.*);
create rule star_del as on delete to star_t do also insert into star_log select old.*;
insert into star_t values (1, 'a');
insert into star_t default values;
delete from star_t where id = 1;
select * from star_log order by id, v;

-- the base table's rules fire for a change made through an automatically updatable view
create table base_t (id int, v text);
create table base_log (id int, v text);
create view base_v as select id, v from base_t where id > 0;
create rule base_ins as on insert to base_t do also insert into base_log values (new.id, new.v);
insert into base_v values (1, 'a');
select * from base_log;
create rule base_upd as on update to base_t do also update base_t set v = v || '!' where id = old.id;
update base_v set v = 'b';
update base_t set v = 'b';

-- a SELECT action's rows are what the statement returns
create table sel_t (a int, b text);
create rule sel_ins as on insert to sel_t do instead select new.a * 2 as doubled, new.b;
insert into sel_t values (1, 'x'), (2, 'y');
create table sel_u (a int);
insert into sel_u values (1);
create rule sel_upd as on update to sel_u do also select old.a, new.a as new_a;
update sel_u set a = 5;
select * from sel_u;
create temp table sel_src as select g as i from generate_series(1, 2) g;
create temp table sel_w as select g as a from generate_series(11, 12) g;
create rule sel_w_ins as on insert to sel_w do instead select i from sel_src;
with t1 as (delete from sel_w returning *) insert into sel_w select * from t1;
select * from sel_w;

-- ON SELECT: an empty table becomes a view (pg_dump's way out of view cycles); the other forms are refused
create table sel_base (a int, b text);
insert into sel_base values (1, 'x');
create table tv (a int, b text);
create rule "_RETURN" as on select to tv do instead select a, b from sel_base;
select * from tv;
insert into tv values (2, 'y');
create temp table tv_temp (a int, b text);
create rule "_RETURN" as on select to tv_temp do instead select * from sel_base;
select * from tv_temp;
create table tv2 (a int, b text);
create rule "_RETURN" as on select to tv2 do instead select a from sel_base;
create rule "_RETURN" as on select to tv2 do instead select a, b, a from sel_base;
create rule "_RETURN" as on select to tv2 do instead select b, a from sel_base;
create rule "_RETURN" as on select to tv2 do instead select a, a as b from sel_base;
create rule other as on select to tv2 do instead select a, b from sel_base;
create rule "_RETURN" as on select to tv2 do instead nothing;
create rule "_RETURN" as on select to tv2 do also select a, b from sel_base;
create rule "_RETURN" as on select to tv2 where true do instead select a, b from sel_base;
create rule "_RETURN" as on select to tv do instead select a, b from sel_base;
insert into tv2 values (1, 'q');
create rule "_RETURN" as on select to tv2 do instead select a, b from sel_base;
create table tv3 (a int primary key, b text);
create rule "_RETURN" as on select to tv3 do instead select a, b from sel_base;

-- a rule depends on the relations its actions name: DROP refuses, DROP ... CASCADE drops the rule too
create table dep_t (a int);
create table dep_log (a int);
create table dep_other (a int);
create view dep_v as select * from dep_t;
create rule dep_t_ins as on insert to dep_t do also insert into dep_log values (new.a);
create rule dep_v_ins as on insert to dep_v do instead
  insert into dep_t select new.a from dep_other where dep_other.a > 0;
drop table dep_log;
drop table dep_other;
drop table dep_log, dep_other;
drop table dep_other cascade;
insert into dep_v values (1);
drop table dep_log cascade;
insert into dep_t values (1);
select * from dep_t;
create table dep_log (a int);
create rule dep_t_upd as on update to dep_t do also insert into dep_log values (old.a);
drop view dep_v;
drop table dep_t;
insert into dep_log values (5);
select * from dep_log;
-- ON CONFLICT with a table that has UPDATE rules
create table oc (k int primary key);
create rule oc_upd as on update to oc do instead nothing;
insert into oc values (1) on conflict do nothing;
-- a view dropped by CASCADE takes its rules along
create table casc_t (a int);
create view casc_v as select a from casc_t;
create rule casc_v_ins as on insert to casc_v do instead insert into casc_t values (new.a);
drop table casc_t cascade;
create table casc_t (a int);
create view casc_v as select a from casc_t;
insert into casc_v values (1);
select * from casc_t;

-- an INSERT ... SELECT action: the triggering query's rows join its SELECT (one aggregate over all of them)
create table agg_t (a int);
create table agg_x (a int);
insert into agg_x values (1), (1), (2);
create table agg_log (n bigint);
create rule agg_r as on insert to agg_t do also insert into agg_log select count(*) from agg_x where agg_x.a = new.a;
insert into agg_t values (1), (2);
insert into agg_t select 1;
insert into agg_t values (2);
select * from agg_log order by n;

-- rules fire for statements of PL/pgSQL and SQL functions too (RETURNING INTO, ROW_COUNT)
create table fn_t (a int, b text);
create table fn_log (a int, b text);
create view fn_v as select a, b from fn_t;
create rule fn_v_ins as on insert to fn_v do instead insert into fn_t values (new.a, upper(new.b)) returning *;
create rule fn_t_ins as on insert to fn_t do also insert into fn_log values (new.a, new.b);
create function fn_f(x int) returns text language plpgsql as $$
declare r text; n int;
begin
  insert into fn_v values (x, 'abc') returning b into r;
  get diagnostics n = row_count;
  return r || ' ' || n;
end $$;
select fn_f(1);
create function fn_g(x int) returns int language sql as $$ insert into fn_v values (x, 'q') returning a * 2 $$;
select fn_g(5);
do $$ begin insert into fn_t values (7, 'z'); end $$;
select * from fn_t order by a;
select * from fn_log order by a;
