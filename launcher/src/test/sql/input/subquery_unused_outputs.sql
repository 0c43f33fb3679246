-- a FROM subquery's output column its parent never reads is not computed (remove_unused_subquery_outputs):
-- a scalar subquery there that would fail is not run
create table i8 (q1 int8, q2 int8);
insert into i8 values (1, 2), (1, 3), (4, 5);
SELECT q1 FROM
(
  WITH t_cte AS (SELECT * FROM i8 t)
  SELECT q1, (SELECT q2 FROM t_cte WHERE t_cte.q1 = i8.q1) AS t_sub
  FROM i8
) ss order by 1;
select ss from (select q1, q2 + 1 as x from i8) ss order by 1;
select count(*) from (select q1, (select q2 from i8) from i8) ss;
select x from (select distinct q1 as x, (select q2 from i8 limit 1) y from i8) ss order by 1;
select * from (select q1, (select q2 from i8) from i8) ss;
