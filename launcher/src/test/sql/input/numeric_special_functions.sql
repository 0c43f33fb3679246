-- numeric's NaN and infinities through the math functions (numeric.c's special branches)
select sqrt('NaN'::numeric), sqrt('inf'::numeric), exp('-Infinity'::numeric), exp('inf'::numeric), ln('inf'::numeric);
select sqrt('-inf'::numeric);
select ln('-inf'::numeric);
select log(10, 'NaN'::numeric), log('inf'::numeric, 10), log('inf'::numeric, 'inf'::numeric), log(2, 'inf'::numeric), log10('inf'::numeric);
select power('NaN'::numeric, 0), power(1::numeric, 'NaN'), power('NaN'::numeric, 2), power(2::numeric, 'inf'), power(0.5::numeric, 'inf'), power(2::numeric, '-inf'), power('inf'::numeric, -1), power('-inf'::numeric, 3), power('-inf'::numeric, 2), power(-1::numeric, 'inf');
select power(0::numeric, '-inf');
select div('inf'::numeric, 2), div(5::numeric, 'inf'), div('inf'::numeric, 'inf'), div('NaN'::numeric, 1);
select div('inf'::numeric, 0);
select gcd('NaN'::numeric, 2), lcm('inf'::numeric, 3), scale('NaN'::numeric), min_scale('inf'::numeric), trim_scale('NaN'::numeric);
select width_bucket('inf'::numeric, 0, 10, 5), width_bucket('-inf'::numeric, 0, 10, 5), width_bucket('inf'::numeric, 10, 0, 5);
select width_bucket('NaN'::numeric, 0, 10, 5);
select width_bucket(1::numeric, 0, 'inf', 5);
