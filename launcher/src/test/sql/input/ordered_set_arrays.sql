-- percentile_cont and percentile_disc over an array of fractions: an array of answers in the fractions' shape
select percentile_cont(array[0,0.25,0.5,1]) within group (order by x) from generate_series(1,10) x;
select percentile_disc(array[0,0.1,0.25,0.5,0.75,0.9,1]) within group (order by x) from generate_series(1,10) x;
select percentile_disc(array[[0.1,null],[0.5,1]]) within group (order by x::text) from generate_series(1,10) x;
select percentile_cont(array[0.5]) within group (order by x) from generate_series(1,0) x;
select percentile_cont(array[1.5]) within group (order by x) from generate_series(1,3) x;
select percentile_cont('{}'::float8[]) within group (order by x) from generate_series(1,3) x;
select percentile_disc(array[0.5, 0.75]::numeric[]) within group (order by x::numeric) from generate_series(1,3) x;
select percentile_cont(array[0,1,0.25,0.75,0.5,1,0.3,0.32,0.35,0.38,0.4]) within group (order by x) from generate_series(1,6) x;
