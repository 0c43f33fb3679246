--
-- ordered-set and hypothetical-set aggregates: agg(direct) WITHIN GROUP (ORDER BY ...)
--
create table os_t (g int, x int, f float8, s text);
insert into os_t values (1, 1, 1.5, 'a'), (1, 2, 2.5, 'b'), (1, 2, null, 'b'), (1, 4, 4.5, 'c'),
  (2, 10, 0.5, 'z'), (2, null, 7, 'z'), (2, 30, 1, 'y');
select percentile_cont(0.5) within group (order by x) from os_t;
select g, percentile_cont(0.25) within group (order by f), percentile_disc(0.5) within group (order by x),
  mode() within group (order by s) from os_t group by g order by g;
select percentile_cont(0.5) within group (order by x desc), percentile_disc(0) within group (order by s),
  percentile_disc(1) within group (order by s) from os_t;
select percentile_cont(null) within group (order by x) from os_t;
select percentile_cont(0.5) within group (order by x) from os_t where false;
select mode() within group (order by x) from os_t;
select rank(2) within group (order by x), dense_rank(2) within group (order by x),
  percent_rank(2) within group (order by x), cume_dist(2) within group (order by x) from os_t;
select g, rank(3, 'b') within group (order by x, s desc) from os_t group by g order by g;
select rank(5) within group (order by x desc nulls last) from os_t;
select percentile_cont(0.5) within group (order by x) filter (where g = 1) from os_t;
-- errors
select percentile_cont(1.5) within group (order by x) from os_t;
select percentile_cont(0.5) from os_t;
select sum(x) within group (order by x) from os_t;
select lower(s) within group (order by x) from os_t;
select percentile_cont('a') within group (order by s) from os_t;
drop table os_t;
