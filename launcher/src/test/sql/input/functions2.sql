--
-- more built-in functions: strings, date/time, conditionals, aggregates; results and errors as PostgreSQL's
--
-- format, concat, quoting
select format('Hello %s, %I, %L', 'World', 'My Col', E'O\'Reilly');
select format('%2$s %1$s', 'a', 'b'), format('|%10s|%-10s|', 'x', 'y'), format('%s', null), format('%L', null),
  format('%%'), format('%3$s %1$s', 1, 2, 3), format('|%*s|', 5, 'ab'), format('|%-*s|', 4, 'ab');
select format('%s %s', 'a');
select format('%z', 1);
select format('%I', null);
select concat('a', 1, null, 2.5, true), concat_ws(',', 'a', null, 'b', 3), concat_ws(null, 'a', 'b'), concat();
select quote_ident('foo'), quote_ident('Foo Bar'), quote_ident('select'), quote_literal('it''s'), quote_literal(42),
  quote_literal(E'back\\slash'), quote_nullable(null), quote_nullable('x'), quote_nullable(1.5);
select to_hex(255), to_hex(-1), to_hex(9223372036854775807), to_hex(0);
select to_hex('10');
-- padding, case, translation, splitting
select lpad('hi', 5, 'xy'), rpad('hi', 5, 'xy'), lpad('hello', 2), lpad('hi', -1), rpad('', 3, ''), lpad('hi', 4, '');
select initcap('hi THOMAS o''neil'), initcap('élan vital-4you'), translate('12345', '143', 'ax'), translate('abc', '', 'x');
select split_part('a,b,c', ',', -1), split_part('a,b,c', ',', -3), split_part('a,b,c', ',', -4), split_part('', ',', 1);
select starts_with('alphabet', 'alph'), starts_with('alphabet', ''), starts_with('', 'a');
select overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('abc' placing 'X' from 2), overlay('abc' placing 'XYZ' from 5);
select position('b' in 'abc'), position('' in 'abc'), position('z' in 'abc'), position('\x02'::bytea in '\x010203'::bytea);
select char_length('abc'), character_length('héllo'), octet_length('é'), bit_length('abc'), length('abc'::bytea);
select unistr('d\0061t\+000061'), unistr('a\\b'), unistr('\u00e9\U0001F600');
select unistr('wrong: \db99');
select unistr('wrong: \xyz');
select 'characters'::char(20) || ' and text', 'text and ' || 'characters'::char(20) || '!';
-- date/time construction and conversion
select make_date(2013, 7, 15), make_date(-44, 3, 15), make_time(8, 15, 23.5), make_timestamp(2013, 7, 15, 8, 15, 23.5);
select make_date(2013, 2, 30);
select make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(), make_interval(0, 0, 0, 10);
-- named notation
select make_interval(days => 10), make_interval(hours => 1, secs => 1.5), make_interval(1, days => 2), make_interval(secs => 2, years => 3);
select make_date(year => 2020, month => 1, day => 2), make_date(2020, day => 3, month => 4), make_time(hour => 1, min => 2, sec => 3.5);
select make_timestamptz(2013, 7, 15, 8, 15, 23.5, timezone => 'UTC');
select make_interval(dayz => 1);
select make_date(year => 2020);
select make_interval(days => 1, days => 2);
select sqrt(x => 4);
select make_interval(days => 'a');
select make_interval(1, days => 2, days => 3);
select make_interval(days => 2, 3);
select to_date('05 Dec 2000', 'DD Mon YYYY'), to_timestamp('05 Dec 2000 10:11', 'DD Mon YYYY HH24:MI');
set timezone = 'UTC';
select to_timestamp(1284352323), to_timestamp(0.5), to_timestamp(-1), make_timestamptz(2013, 7, 15, 8, 15, 23.5);
select to_timestamp('infinity'::float8), to_timestamp('-infinity'::float8);
select date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01'),
  date_bin('1 day', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01 03:00+00');
select justify_days(interval '35 days'), justify_hours(interval '27 hours'), justify_interval(interval '1 mon -1 hour');
select isfinite(date '2001-02-16'), isfinite(timestamp 'infinity'), isfinite(interval '4 hours'), isfinite('-infinity'::date);
select clock_timestamp() >= now(), statement_timestamp() >= now(), length(timeofday()) > 20, now() = transaction_timestamp();
-- conditionals
select nullif(1, 1), nullif(1, 2), nullif('a', 'b'), coalesce(null, 2, 3), coalesce(null::int, null), coalesce(1, 2.5);
select greatest(1, 2.5, 3), least(1, 2.5, 3), greatest('a', 'b'), least(1, null, 3), greatest(null::int, null),
  greatest(1::int, 2::bigint), least(date '2020-01-01', timestamp '2019-12-31 23:00');
select pg_typeof(greatest(1, 2::bigint)), pg_typeof(coalesce(1, 2.5)), pg_typeof(least(1::int2, 2::int4)),
  pg_typeof(nullif(1, 2.0));
select greatest(1, 'a');
select coalesce(1, 'x');
-- aggregates
create table agg (i int, j int8, n numeric, f float8, r real, b bool, t text, d date, by bytea);
insert into agg values (1, 10, 1.5, 1.25, 0.5, true, 'b', '2020-01-02', '\x01'),
  (2, 20, 2.25, -3.5, 1.5, false, 'a', '2019-05-06', '\x0203'),
  (3, 35, null, 8.0, 2.5, true, 'c', null, null),
  (null, null, 4, 2.0, null, null, null, '2021-12-31', '\xff');
select stddev(i), stddev_samp(f), stddev_pop(n), variance(j), var_samp(r), var_pop(f) from agg;
select covar_pop(f, i), covar_samp(f, i), corr(f, i), regr_count(f, i), regr_sxx(f, i), regr_syy(f, i),
  regr_sxy(f, i) from agg;
select regr_avgx(f, i), regr_avgy(f, i), regr_r2(f, i), regr_slope(f, i), regr_intercept(f, i) from agg;
select covar_samp(1::float8, 2::float8), corr(1, 1), regr_r2(1, 2), regr_slope(3, 3) from agg where i = 1;
select bit_and(i), bit_or(i), bit_xor(i), bit_and(j), bit_or(j), bit_xor(j), bit_and(i::int2) from agg;
select bool_and(b), bool_or(b), every(b), bool_and(b) filter (where i > 1) from agg;
select min(i), max(i), min(j), max(n), min(f), max(r), min(t), max(t), min(d), max(d), min(b::text) from agg;
select string_agg(by, '|'::bytea), string_agg(by, null), string_agg(t, ',' order by t desc) from agg;
select string_agg(by, ', ') from agg where by is null;
select stddev(f) from agg where false;
select variance(x) from (values (1.0), (1.0)) v(x);
select stddev_pop(x::numeric), var_samp(x::numeric) from generate_series(1, 10) x;
select min(x), max(x) from (values (interval '1 day'), (interval '25 hours')) v(x);
select regr_count(t, i) from agg;
select min(b) from agg;
select max(by) from agg;
select pg_typeof(min(t::varchar)), pg_typeof(max(t::name)), pg_typeof(min(t::char(3))), min(t::char(3)) from agg;
drop table agg;
-- sum/avg over more types, integer arithmetic edge cases
select sum(x), avg(x) from (values (interval '1 day'), (interval '3 hours')) v(x);
select sum(x), avg(x), pg_typeof(sum(x)), pg_typeof(avg(x)) from (values (1.5::real), (2.25::real)) v(x);
select sum(x), avg(x), pg_typeof(sum(x)), pg_typeof(avg(x)) from (values (1::int2), (2::int2)) v(x);
select avg(x), sum(x) from (values (9223372036854775807::int8), (9223372036854775807::int8)) v(x);
select sum(x) from (values (2147483647), (1)) v(x);
select stddev(x), variance(x), stddev_pop(x), var_pop(x) from (values (1::int2), (2::int2), (4::int2)) v(x);
select max(x), min(x) from (values ('b'::varchar), ('a')) v(x);
select max(x), min(x) from (values (time '10:00'), (time '09:00')) v(x);
select max(x), min(x) from (values (1::oid), (2::oid)) v(x);
select string_agg(x, ',') from (values ('a'::varchar), ('b')) v(x);
select count(*), count(x), count(distinct x) from (values (1), (1), (null)) v(x);
select avg(x) from (values (1.0::float8), ('inf')) v(x);
select sum(x) from (values ('inf'::float8), ('-inf')) v(x);
select avg(x)::numeric(10,3) from (values (0.1::real), (0.2::real)) v(x);
select round(avg(x), 2) from generate_series(1, 10) x;
select ceil(2.1::real), floor(-2.1::real), round(2.5::real), trunc(2.7::real), sign(-2::real), abs(-2::real);
select pg_typeof(ceil(2.1::real)), pg_typeof(round(2::int)), pg_typeof(trunc(2::bigint)), pg_typeof(abs(2::int2));
select 7 % 3, -7 % 3, 7.5 % 2, 7::int2 % 3::int2, 5 / 2, -5 / 2, 5.0 / 2, 2 ^ 3, 2::int ^ 3::int, pg_typeof(2 ^ 3);
select -2147483648 % -1, (-9223372036854775808)::int8 % -1;
select (-2147483648)::int4 * -1;
select 32767::int2 + 1::int2;
select 4611686018427387904::int8 * 2;
select 1::int2 / 0::int2;
select 1::int8 % 0;
select sum(x), avg(x) from (values (interval '1 mon 1 day'), (interval '-3 hours'), (interval '1.5 seconds')) v(x);
select avg(x) from (values (interval '1 mon'), (interval '1 day'), (interval '1 hour')) v(x);
select sum(x) from (values (interval '2147483647 days'), (interval '1 day')) v(x);
-- a call named after a type is a cast
select int4('12'), date('2020-01-01'), text(123), float8('1.5'), pg_typeof(text(123)), bool('t'), int8(12), text(true), date(timestamp '2020-01-02 10:00'), float8(12::int2);
select int4('x');
select date(12);
select pg_typeof(int2('5')), pg_typeof(name('abc')), text(2.50), text(date '2020-01-01'), bpchar('ab');
-- the new aggregates as window functions
select x, corr(y, x) over (order by x), regr_slope(y, x) over (order by x rows between 1 preceding and 1 following), bit_or(x) over (), avg(interval '1 hour' * x) over (order by x) from (values (1, 2.0::float8), (2, 4.5), (3, 5.0), (4, 9.0)) v(x, y);
select string_agg(b, '-'::bytea) over (order by b) from (values ('\x01'::bytea), ('\x02')) v(b);
