-- aggregate calls nested across query levels (parse_agg.c check_agg_arguments)
create table na (a int, b int);
insert into na values (1, 10), (2, 20);
select max(min(a)) from na;
select (select max(min(a)) from na n2) from na;
select avg((select avg(a1.a order by (select avg(a2.b) from na a3)) from na a1)) from na a2;
select sum((select max(a2.b) from na a1)) from na a2;
select (select sum(a2.b) from na a1 limit 1) from na a2;
drop table na;

-- GROUP BY naming an output column that holds an aggregate or a window function
CREATE TEMP TABLE gb (a int);
INSERT INTO gb VALUES (1), (1), (2);
SELECT count(*) FROM gb GROUP BY 1;
SELECT a, sum(a) AS s FROM gb GROUP BY s;
SELECT rank() OVER (ORDER BY 1), count(*) FROM gb GROUP BY 1;
SELECT a, rank() OVER (ORDER BY a), count(*) FROM gb GROUP BY 1 ORDER BY 1;
SELECT (SELECT count(*) FROM gb) AS c, a FROM gb GROUP BY 1, 2 ORDER BY 2;
