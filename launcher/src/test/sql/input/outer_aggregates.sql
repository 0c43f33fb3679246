-- Outer-level aggregates: an aggregate whose arguments (and FILTER) read only an outer query's columns belongs to
-- that outer query (parse_agg.c agglevelsup); the outer query computes it and the subquery sees the result.
create table oa (ten int, four int, unique1 int);
insert into oa select i % 10, i % 4, i from generate_series(1, 100) i;
create table ob (k int, v int);
insert into ob values (1, 10), (2, 20), (3, 30);

-- in HAVING's subquery: the aggregate is the outer query's, computed per group
select ten, sum(distinct four) from oa a
group by ten
having exists (select 1 from oa b where sum(distinct a.four) = b.four)
order by ten;
-- reading the inner query's columns too makes it the inner query's: not allowed in its WHERE
select ten, sum(distinct four) from oa a
group by ten
having exists (select 1 from oa b where sum(distinct a.four + b.four) = b.four);
select ten, sum(distinct four) filter (where four > 10) from oa a
group by ten
having exists (select 1 from oa b where sum(distinct a.four) = b.four)
order by ten;

-- in the target list: the outer query becomes an aggregate query (one row)
select (select max(a.unique1) from ob limit 1) from oa a;
select (select max(a.unique1) + sum(ob.v) from ob), count(*) from oa a;
select ten, (select count(a.four) + count(*) from ob where ob.k = a.ten) as c from oa a group by ten order by ten;
-- a sublink inside the outer aggregate's argument
select (select max((select i.unique1 from oa i where i.unique1 = o.unique1))) from oa o;
-- two levels out
select (select (select max(o.ten) + count(*) from ob c) from ob b limit 1) from oa o;
-- FILTER reading the outer query decides as the arguments do
select (select count(*) from (values (1)) t0(inner_c)) from (values (2), (3)) t1(outer_c);
select (select count(*) filter (where outer_c <> 0) from (values (1)) t0(inner_c))
from (values (2), (3)) t1(outer_c);
select (select count(inner_c) filter (where outer_c <> 0) from (values (1)) t0(inner_c))
from (values (2), (3)) t1(outer_c);
-- ordered-set aggregates too
select (select percentile_disc(0.5) within group (order by a.unique1)) from oa a;
-- in ORDER BY of a grouped query
select ten from oa a group by ten order by (select max(a.unique1) - ten) desc, ten limit 3;

-- where the outer query may not have aggregates
select * from oa a where (select max(a.four)) > 1;
select * from oa a join ob on (select max(a.four)) = ob.k;
select ten, (select max(a.four)) from oa a group by (select max(a.four));
-- an ungrouped column next to the outer aggregate
select unique1, (select max(a.four)) from oa a;
