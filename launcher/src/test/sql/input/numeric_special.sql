-- numeric NaN, Infinity and -Infinity (PostgreSQL 14+): input spellings, output, arithmetic, comparison and
-- sorting, casts, storage in tables and indexes, aggregates.
select 'NaN'::numeric, 'inf'::numeric, '-Infinity'::numeric, ' +inf '::numeric, 'infinity'::numeric(10,2);
select 'nan'::numeric(10,2);
select x, x + 1, x - x, x * 0, x * -2, x / 2, 1 / x, x % 3, -x, abs(x) from (values ('inf'::numeric), ('-inf'), ('nan'), (5)) v(x) order by x;
select 'inf'::numeric / 0;
select 'nan'::numeric = 'nan'::numeric, 'nan'::numeric > 'inf'::numeric, 'inf'::numeric > 1e100, '-inf'::numeric < -1e100;
select 'inf'::numeric::float8, 'nan'::numeric::float8, '-inf'::float8::numeric, 'nan'::float8::numeric;
select 'inf'::numeric::int4;
select 'nan'::numeric::int8;
select sum(x), avg(x), min(x), max(x), var_pop(x), count(*) from (values ('inf'::numeric), (1), ('-inf')) v(x);
select sum(x), avg(x), var_pop(x) from (values ('inf'::numeric), (1)) v(x);
SELECT var_pop('inf'::numeric), var_samp('inf'::numeric);
select sum('NaN'::numeric) from generate_series(1,3);
select x from (values ('inf'::numeric), ('-inf'), ('nan'), (5), (null), ('nan')) v(x) order by x desc;
select distinct x from (values ('inf'::numeric), ('-inf'), ('nan'), (5), ('nan'), ('inf')) v(x) order by x;
create table ns (id int, x numeric, y numeric(10,2));
insert into ns values (1, 'NaN', 1.5), (2, 'Infinity', 'NaN'), (3, '-inf', 2), (4, 0, 3);
insert into ns values (5, 1, 'inf');
select * from ns order by x;
create index on ns (x);
select * from ns where x = 'nan' ;
select * from ns where x > 0 order by x;
select x, count(*) from ns group by x order by x;
select 'inf'::numeric::text, 'NaN'::numeric::text::numeric;
select round('inf'::numeric, 2), trunc('-inf'::numeric), ceil('nan'::numeric), sign('-inf'::numeric), mod('inf'::numeric, 2);
select 5 % 'inf'::numeric, 'inf'::numeric % 0;
select 'infinityx'::numeric;
select '1.5'::numeric(3,1), 'inf'::numeric(3,1);
select 'inf'::numeric::int2;
select 'nan'::numeric::int4;
select '-inf'::numeric::float4, 'nan'::float4::numeric;
select x::numeric(10,3) from (values ('NaN'::numeric)) v(x);
SELECT var_pop('nan'::numeric), var_samp('nan'::numeric);
SELECT stddev_pop('inf'::numeric), stddev_samp('inf'::numeric);
select avg('NaN'::numeric) from generate_series(1,3);
SELECT sum(x::numeric), avg(x::numeric), var_pop(x::numeric)
FROM (VALUES ('1'), ('infinity')) v(x);
SELECT sum(x::numeric), avg(x::numeric), var_pop(x::numeric)
FROM (VALUES ('infinity'), ('infinity')) v(x);
SELECT sum(x::numeric), avg(x::numeric), var_pop(x::numeric)
FROM (VALUES ('-infinity'), ('infinity')) v(x);
SELECT sum(x::numeric), avg(x::numeric), var_pop(x::numeric)
FROM (VALUES ('-infinity'), ('-infinity')) v(x);
select min(x), max(x) from ns;
select x from ns where x in ('nan', '-inf') order by x;
update ns set x = x * -1 where id <= 3;
select id, x from ns order by x, id;
