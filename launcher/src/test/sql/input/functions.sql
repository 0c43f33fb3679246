--
-- string and math functions: PostgreSQL's results and errors
--
select repeat('ab', 3), repeat('x', 0), repeat('x', -1);
select split_part('a,b,,c', ',', 2), split_part('a,b,,c', ',', 3), split_part('a,b,,c', ',', -1),
  split_part('a,b', ',', 5), split_part('abc', '', 1);
select split_part('a,b', ',', 0);
select left('héllo', 2), left('héllo', -2), right('héllo', 2), right('héllo', -2), left('ab', 10);
select lpad('hi', 5), lpad('hi', 5, 'xy'), rpad('hi', 5, 'xy'), lpad('hello', 3), rpad('', 2, ''), lpad('a', -1);
select btrim('  x  '), ltrim('xxaxx', 'x'), rtrim('xxaxx', 'x'), btrim('xyaxy', 'yx');
select reverse('héllo'), initcap('hello wORLD-foo bar2baz'), translate('12345', '143', 'ax');
select ascii('A'), ascii(''), chr(65), chr(233), strpos('héllo', 'l'), strpos('abc', 'z');
select chr(0);
select replace('abcabc', 'b', 'XY'), replace('abc', '', 'z'), starts_with('alphabet', 'alph');
select md5('abc'), md5(''), octet_length('héllo');
select substr('héllo', 2), substr('héllo', 2, 2), substr('hello', 0, 3), substr('hello', -5, 7);
select substr('hello', 1, -1);
select power(2, 10), pow(2.0::float8, 0.5), sqrt(16), exp(0), ln(1), log(1000), log10(100);
select sqrt(-1);
select ln(0);
select ln(-1);
select power(0, -1);
select power(-8, 1.0 / 3);
select floor(-2.5::float8), ceil(-2.5::float8), floor(2.7), ceil(2.1), ceiling(-0.5);
select round(2.5::float8), round(3.5::float8), round(2.5), round(-2.5), round(1.2345, 2), round(1234.5, -2);
select trunc(2.7::float8), trunc(-2.7::float8), trunc(2.789, 1), trunc(-2.789), sign(-3.5::float8), sign(0.0);
select mod(7, 3), mod(-7, 3), mod(7::bigint, -3), mod(7.5, 2);
select mod(1, 0);
select round(pi()::numeric, 6), degrees(pi()), radians(180) = pi();
