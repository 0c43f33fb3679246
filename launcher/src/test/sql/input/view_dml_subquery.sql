--
-- Auto-updatable views whose WHERE has a subquery (rewriteTargetView keeps the sublink in the statement's quals and
-- in WITH CHECK OPTION), as in PostgreSQL's update.sql
--
create table vs_t (a text, b int, c int);
insert into vs_t values ('a', 1, 100), ('a', 4, 130), ('b', 12, 96);
create table vs_min (c1 int);
insert into vs_min values (120);
create view vs_up as select * from vs_t where (select c > c1 from vs_min) with check option;
select * from vs_up order by b;
-- ok
update vs_up set c = 199 where b = 4;
-- check option violation
update vs_up set c = 120 where b = 4;
-- a correlated EXISTS, and rows the view does not show are left alone
create view vs_exists as select * from vs_t t where exists (select 1 from vs_min m where m.c1 < t.c);
update vs_exists set b = b + 1 returning *;
delete from vs_exists where a = 'b' returning *;
insert into vs_exists values ('z', 0, 0);
select * from vs_t order by a, b;
-- a subquery over the view's own table
create view vs_max as select * from vs_t where c = (select max(c) from vs_t);
update vs_max set a = 'max' returning *;
select * from vs_t order by a, b;
