--
-- CREATE TABLE ... AS
--
create table ctas_src (a int, b varchar(10));
insert into ctas_src values (1, 'x'), (2, 'y'), (3, null);
create table ctas1 as select a, b, 'lit' as c, a * 2.5 as d from ctas_src where a < 3;
select * from ctas1 order by a;
create table if not exists ctas1 as select 1;
create table ctas1 as select 1;
create table ctas2 (x, y) as select a, b from ctas_src with no data;
select count(*) from ctas2;
insert into ctas2 values (9, 'nine');
select x, y from ctas2;
create table ctas3 (x, y, z) as select a from ctas_src;
create table ctas4 (x) with (fillfactor = 70) as select a, b from ctas_src order by a desc limit 2 with data;
select x, b from ctas4 order by x;
create table ctas5 as select count(*) as n, max(b) from ctas_src;
select * from ctas5;
begin;
create table ctas6 as select a from ctas_src;
rollback;
select * from ctas6;
create table ctas7 as select 1 as data;
select * from ctas7;
drop table ctas_src, ctas1, ctas2, ctas4, ctas5, ctas7;
