--
-- math functions and operators: PostgreSQL's results, result types, scales and errors
--
-- float8: roots, powers, logarithms and their edge cases (dpow's rules for NaN and infinities)
select sqrt(2), cbrt(27), cbrt(-8::float8), exp(1), ln(10), log(100), log10(1000), |/ 64::float8, ||/ 27::float8;
select power(2, 10), pow(2.0::float8, 0.5), 2 ^ 0.5::float8, power(-8::float8, 3);
select 'nan'::float8 ^ 0, 1 ^ 'nan'::float8, power(-1::float8, 'inf'), power('inf'::float8, -2),
  power('-inf'::float8, 3), power('-inf'::float8, -3), power(0.5::float8, 'inf');
select power(10::float8, 400);
select power(10::float8, -400);
select power(0::float8, -1);
select power(-8::float8, 1.0 / 3);
select exp(-1000::float8);
select exp(1000::float8);
select sqrt(-1::float8);
select ln(0::float8);
select log(-1::float8);
-- trigonometry in radians and degrees, hyperbolic functions
select sin(1), cos(1), tan(1), cot(1), asin(0.5), acos(0.5), atan(1), atan2(1, 2);
select x, sin(x), cos(x), tan(x) from (values (0.1::float8), (-2.5), (100), (1e10)) v(x);
select x, sind(x), cosd(x), tand(x), cotd(x) from (values (0::float8), (30), (45), (60), (90), (135), (180), (225),
  (270), (-45), (400)) v(x);
select x, asind(x), acosd(x), atand(x), atan2d(x, 1) from (values (-1::float8), (-0.5), (0), (0.5), (1)) v(x);
select x, sinh(x), cosh(x), tanh(x), asinh(x) from (values (0.1::float8), (1), (-3.5), (25), ('inf'), ('nan')) v(x);
select acosh(1), acosh(2), acosh('inf'::float8), atanh(0.5), atanh(-1), atanh(1);
select asin(2);
select acos(-1.5);
select acosh(0.5);
select atanh(2);
select sin('inf'::float8);
select sind('-inf'::float8);
select pi(), degrees(pi()), radians(180), degrees(1), radians(45);
-- numeric: results at numeric.c's scales
select sqrt(2::numeric), sqrt(1.000000000000003::numeric), sqrt(0::numeric), sqrt(12345678901234567890::numeric);
select exp(1.0), exp(0.0), exp(-5.5), exp(100::numeric), exp(1.123456789012345678901234567890);
select ln(2.0), ln(1.0), ln(0.5), ln(1e100::numeric), ln(1.0000000001), ln(123456.789);
select log(2.0, 8), log(10, 1000), log(2, 64), log(1.5, 2.25), log(100::numeric), log10(0.001::numeric);
select 2.0 ^ 0.5, 1.5 ^ 3, 1.123456789 ^ 3, 2 ^ 100::numeric, 0.5 ^ -10::numeric, 4.0 ^ -0.5, 10.5 ^ 2.5,
  0.0 ^ 0.0, (-2.0) ^ 3.0;
select 10.0 ^ -2147483648 as rounds_to_zero, (-1.0) ^ 2147483646 as one, (-1.0) ^ 2147483647 as minus_one;
select (-2.0) ^ 0.5;
select 0.0 ^ -1.0;
select sqrt(-1::numeric);
select ln(0::numeric);
select ln(-1::numeric);
select log(1.0, 5.0);
select exp(10000::numeric);
select power(1e10::numeric, 1000000);
-- rounding, truncation, scale
select round(2.5), round(-2.5), round(2.5::float8), round(3.5::float8), round(1234.5678, 2), round(1234.5678, -2),
  trunc(1234.5678, 2), trunc(-1234.5678), trunc(-2.7::float8), floor(-3.5), ceil(-3.5), ceiling(3.2), floor(-3.5::float8);
select scale(0), scale(1.0), scale(-2.500), min_scale(0), min_scale(100), min_scale(1.0500), trim_scale(5.000),
  trim_scale(0.00), trim_scale(-1.10);
select round(5.5e131071, -131072);
-- integer functions and operators
select mod(10, 3), mod(-10, 3), mod(10.5, 3), div(10, 3), div(-10.5, 3), div(7.5, 0.5), abs(-5), abs(-5.5),
  @ -7, @ -2.5::float8, sign(-3), sign(0.0), sign(-2::float8);
select gcd(12, 18), gcd(0, 0), gcd(-12, 18), gcd(12::bigint, 18), gcd(12.5, 2.5), gcd(330.0, 1029), lcm(4, 6),
  lcm(0, 5), lcm(-4, 6), lcm(4.0, 6), lcm(1.1, 0.4);
select gcd((-2147483648)::int4, 0);
select gcd((-9223372036854775808)::int8, 0);
select lcm(2147483647, 2147483646);
select div(1, 0);
select mod(5, 0);
select factorial(0), factorial(5), factorial(25);
select factorial(-1);
select 5 & 3, 5 | 3, 5 # 3, ~5, 1 << 10, 1024 >> 3, (-1)::int2 >> 1, 1::int8 << 62, ~0::int8;
select pg_typeof(5::int2 & 3::int2), pg_typeof(5 & 3::int8), pg_typeof(1::int2 << 3);
select float8(1::int8), int4(2.6::numeric), int8(3.5::float8), numeric(2.5::float8), float4(7), int2(123);
select int2(40000);
-- width_bucket
select width_bucket(5.35, 0.024, 10.06, 5), width_bucket(5.35::float8, 0.024, 10.06, 5),
  width_bucket(0, 1, 10, 5), width_bucket(11, 1, 10, 5), width_bucket(5, 10, 1, 3), width_bucket(10::float8, 10, 0, 4);
select width_bucket(1, 1, 1, 5);
select width_bucket(1, 0, 2, 0);
select width_bucket('nan'::float8, 0, 2, 3);
select width_bucket(1::float8, 0, 'inf', 3);
-- overflow and division by zero
select 2147483647 + 1;
select (-2147483648)::int4 / -1;
select 9223372036854775807::int8 + 1;
select (-32768)::int2 * (-1)::int2;
select abs((-2147483648)::int4);
select 1 / 0;
select 1.0 / 0;
select 1::float8 / 0;
select 'nan'::float8 / 0, 'NaN'::float8, 'Infinity'::float8, '-inf'::float8, 'inf'::float8 + 1, -'nan'::float8;
select 1e308::float8 * 10;
select 1e-300::float8 * 1e-300;
-- random and setseed: the same sequence as PostgreSQL after the same seed
select setseed(0.5);
select random(), random(), random();
select setseed(-1), random();
select setseed(2);
select count(distinct random()) from generate_series(1, 10);
-- a function that is not there, and one that is ambiguous
select sin('abc');
select sinh(1, 2);
select log(1::int2, 2::int2, 3);
select abs('1');
select to_hex('10');
select gcd('4', 6.0);
