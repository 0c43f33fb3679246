-- A FROM subquery's outputs that nothing reads are not computed (remove_unused_subquery_outputs)
create table uo (q1 int8, q2 int8);
insert into uo values (123, 456), (123, 4567890123456789), (4567890123456789, 123),
  (4567890123456789, 4567890123456789), (4567890123456789, -4567890123456789);
-- the scalar subquery returns two rows for q1 = 123, but t_sub is never read
select q1 from
(
  with t_cte as (select * from uo t)
  select q1, (select q2 from t_cte where t_cte.q1 = i8.q1) as t_sub
  from uo i8
) ss order by q1;
select q1 from
(
  with t_cte as materialized (select * from uo t)
  select q1, (select q2 from t_cte where t_cte.q1 = i8.q1) as t_sub
  from uo i8
) ss order by q1;
-- read, it fails
select t_sub from
(
  with t_cte as (select * from uo t)
  select q1, (select q2 from t_cte where t_cte.q1 = i8.q1) as t_sub
  from uo i8
) ss;
-- an unread division by zero is not computed either
select a from (select q1 as a, q2 / 0 as b from uo offset 0) s order by a;
-- a whole-row reference reads every column
select s from (select q1 as a, q2 / 0 as b from uo offset 0) s;
-- volatile and set-returning outputs are computed
select count(*) from (select q1, random() as r from uo offset 0) s;
select count(*) from (select q1, generate_series(1, 2) as g from uo offset 0) s;
-- a column the subquery sorts or groups by is kept
select n from (select q1, count(*) as n from uo group by q1 offset 0) s order by n;
select q1 from (select distinct q1, q2 / 0 as b from uo) s;
drop table uo;
