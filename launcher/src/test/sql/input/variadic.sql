-- VARIADIC array arguments to VARIADIC "any" functions
SELECT concat(VARIADIC ARRAY[1, 2, 3]);
SELECT concat_ws(',', VARIADIC ARRAY[1, 2, 3]);
SELECT concat_ws(',', VARIADIC ARRAY['a', NULL, 'c']);
SELECT concat_ws(',', VARIADIC NULL::int[]);
SELECT concat(VARIADIC NULL::int[]) IS NULL;
SELECT concat(VARIADIC '{}'::int[]) = '';
SELECT concat('x', VARIADIC ARRAY[1.5, 2]);
SELECT format('%s, %s', VARIADIC ARRAY['Hello', 'World']);
SELECT format('%s, %s', VARIADIC ARRAY[1, 2]);
SELECT format('%s, %s', VARIADIC ARRAY[true, false]);
SELECT format('%s, %s', VARIADIC ARRAY[true, false]::text[]);
SELECT format('%2$s, %1$s', VARIADIC ARRAY['first', 'second']);
SELECT format('%2$s, %1$s', VARIADIC ARRAY[1, 2]);
SELECT format('Hello', VARIADIC NULL::int[]);
SELECT format('%s', VARIADIC ARRAY[NULL::text]);
SELECT format(string_agg('%s', ','), VARIADIC array_agg(i)) FROM generate_series(1, 5) g(i);
-- errors
SELECT concat(VARIADIC 1);
SELECT format('%s %s', VARIADIC ARRAY[1]);
SELECT upper(VARIADIC ARRAY['a']);
