--
-- CREATE AGGREGATE / DROP AGGREGATE: user aggregates in both syntaxes, with SQL and PL/pgSQL support
-- functions and built-in ones, used as built-in aggregates are (plain, grouped, FILTER, DISTINCT, ORDER BY,
-- windows), and the checks PostgreSQL makes
--
CREATE TABLE agg_t (g int, x int, y float8, s text);
INSERT INTO agg_t VALUES (1, 1, 1.5, 'a'), (1, 2, 2.5, 'b'), (1, NULL, NULL, NULL), (2, 5, 10, 'c'),
    (2, 5, 20, 'd'), (3, NULL, NULL, NULL);

-- a non-strict SQL transition function, no initial condition
CREATE FUNCTION sum_transfn(int4, int4) RETURNS int4 LANGUAGE sql
    AS 'SELECT coalesce($1, 0) + coalesce($2, 0)';
CREATE FUNCTION halfsum_finalfn(int4) RETURNS int4 LANGUAGE sql AS 'SELECT $1 / 2';
CREATE AGGREGATE my_sum(int4) (stype = int4, sfunc = sum_transfn);
CREATE AGGREGATE my_half_sum(int4) (stype = int4, sfunc = sum_transfn, finalfunc = halfsum_finalfn);
SELECT my_sum(x), my_half_sum(x) FROM agg_t;
SELECT g, my_sum(x), my_half_sum(x), sum(x) FROM agg_t GROUP BY g ORDER BY g;
SELECT my_sum(x) FILTER (WHERE x > 1), my_sum(DISTINCT x), my_sum(x ORDER BY x DESC) FROM agg_t;
SELECT g, x, my_sum(x) OVER (PARTITION BY g ORDER BY x) FROM agg_t ORDER BY g, x;
SELECT g FROM agg_t GROUP BY g HAVING my_sum(x) > 2 ORDER BY g;
SELECT my_sum(x) FROM agg_t WHERE false;
SELECT my_half_sum(x) FROM agg_t WHERE false;

-- strict built-in transition function without initcond: the first non-null input is the state
CREATE AGGREGATE my_max(int4) (sfunc = int4larger, stype = int4);
SELECT g, my_max(x) FROM agg_t GROUP BY g ORDER BY g;
-- with initcond, a strict sfunc never sees nulls
CREATE AGGREGATE my_count_plus(int4) (sfunc = int4pl, stype = int4, initcond = '100');
SELECT g, my_count_plus(x) FROM agg_t GROUP BY g ORDER BY g;

-- old syntax, sfunc1 / stype1 / initcond1 spellings, and basetype = 'ANY' for (*)
CREATE AGGREGATE newsum (sfunc1 = int4pl, basetype = int4, stype1 = int4, initcond1 = '0');
CREATE AGGREGATE newavg (sfunc = int4_avg_accum, basetype = int4, stype = _int8, finalfunc = int8_avg,
    initcond1 = '{0,0}');
CREATE AGGREGATE newcnt (*) (sfunc = int8inc, stype = int8, initcond = '0', parallel = safe);
CREATE AGGREGATE oldcnt (sfunc = int8inc, basetype = 'ANY', stype = int8, initcond = '0');
SELECT newsum(x), newavg(x), avg(x), newcnt(*), oldcnt(*), count(*) FROM agg_t;
SELECT g, newcnt(*) FROM agg_t GROUP BY g ORDER BY g;
SELECT newsum(x) FROM agg_t WHERE false;

-- PL/pgSQL transition function called for every row, nulls included
CREATE FUNCTION logging_sfunc(state text, v text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'logging_sfunc(%, %)', state, v;
    RETURN coalesce(state, '') || coalesce(v, '*');
END$$;
CREATE AGGREGATE logging_agg(text) (sfunc = logging_sfunc, stype = text, initcond = '>');
SELECT logging_agg(s ORDER BY s) FROM agg_t WHERE g = 1;
-- aggregates of the same transition function and inputs share one state: one call per row
CREATE AGGREGATE logging_len(text) (sfunc = logging_sfunc, stype = text, initcond = '>', finalfunc = length);
SELECT logging_agg(s), logging_len(s) FROM agg_t WHERE g = 2;
SELECT logging_agg(s), logging_len(s ORDER BY s) FROM agg_t WHERE g = 2;

-- a strict transition function returning null keeps the null state
CREATE FUNCTION nullify(int8, int4) RETURNS int8 STRICT LANGUAGE sql AS 'SELECT NULL::int8';
CREATE AGGREGATE nullify_agg(int4) (sfunc = nullify, stype = int8, initcond = '0');
SELECT nullify_agg(x) FROM agg_t;

-- several arguments; finalfunc_extra
CREATE FUNCTION sum3(int8, int8, int8) RETURNS int8 AS 'SELECT $1 + $2 + $3' LANGUAGE sql STRICT IMMUTABLE;
CREATE AGGREGATE sum2(int8, int8) (sfunc = sum3, stype = int8, initcond = '0');
SELECT sum2(x, g) FROM agg_t;
CREATE FUNCTION extra_final(int8, int8, int8) RETURNS text AS 'SELECT $1 || '' with '' || coalesce($2, -1)'
    LANGUAGE sql;
CREATE AGGREGATE sum2x(int8, int8) (sfunc = sum3, stype = int8, initcond = '0', finalfunc = extra_final,
    finalfunc_extra);
SELECT sum2x(x, g) FROM agg_t;

-- built-in combine functions are checked
CREATE AGGREGATE my_var(float8) (sfunc = float8_accum, stype = float8[], combinefunc = float8_combine,
    initcond = '{0,0,0}');
SELECT my_var(y) FROM agg_t;
SELECT float8_accum('{4,140,2900}'::float8[], 100);
SELECT float8_regr_accum('{4,140,2900,1290,83075,15050}'::float8[], 200, 100);
SELECT float8_combine('{3,60,200}'::float8[], '{2,180,200}'::float8[]);
SELECT float8_regr_combine('{3,60,200,750,20000,2000}'::float8[], '{2,180,200,740,57800,-3400}'::float8[]);
SELECT int4_sum(NULL, 3), int4_sum(4, NULL), int4_sum(4, 3), int8inc(41), int4_avg_accum('{2,10}', 5),
    int8_avg('{3,10}');

-- OR REPLACE keeps the aggregate and changes its definition
CREATE OR REPLACE AGGREGATE my_sum(int4) (stype = int4, sfunc = sum_transfn, initcond = '1000');
SELECT my_sum(x) FROM agg_t;
CREATE AGGREGATE my_sum(int4) (stype = int4, sfunc = sum_transfn);

-- errors
CREATE AGGREGATE bad(int4) (stype = int4);
CREATE AGGREGATE bad(int4) (sfunc = int4pl);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = no_such_function);
CREATE AGGREGATE bad(int4) (stype = int8, sfunc = sum_transfn);
CREATE AGGREGATE bad(int4) (stype = int8, sfunc = int8inc);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, finalfunc = no_such_final);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, combinefunc = int4inc);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, finalfunc = sum3, finalfunc_extra);
CREATE AGGREGATE bad(int8) (stype = text, sfunc = textcat);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, initcond = 'abc');
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, msfunc = int4pl);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, basetype = int4);
CREATE AGGREGATE bad (stype = int4, sfunc = int4pl);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, hypothetical);
CREATE AGGREGATE bad(int4) (stype = int4, sfunc = int4pl, initcond = '0', nonsense = 1);
CREATE FUNCTION least_accum(int8, int8) RETURNS int8 LANGUAGE sql AS 'SELECT least($1, $2)';
CREATE AGGREGATE least_agg(int4) (stype = int8, sfunc = least_accum);
CREATE AGGREGATE least_agg(int8) (stype = int8, sfunc = least_accum);
SELECT least_agg(x) FROM agg_t;
SELECT my_sum(s) FROM agg_t;
SELECT my_sum(*) FROM agg_t;
SELECT bad(x) FROM agg_t;
CREATE FUNCTION my_max(int4) RETURNS int4 LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION sum_three(int4, int4, int4) RETURNS int4 LANGUAGE sql AS 'SELECT $1 + $2 + $3';
CREATE AGGREGATE sum_transfn(int4, int4) (stype = int4, sfunc = sum_three);
CREATE OR REPLACE AGGREGATE sum_transfn(int4, int4) (stype = int4, sfunc = sum_three);
CREATE AGGREGATE sum_of_pairs(int4, int4) (stype = int4, sfunc = sum_three, initcond = '0');
SELECT sum_of_pairs(x, g) FROM agg_t;

-- DROP
DROP FUNCTION my_max(int4);
DROP AGGREGATE sum_transfn(int4, int4);
DROP AGGREGATE no_such_agg(int4);
DROP AGGREGATE IF EXISTS no_such_agg(int4);
DROP AGGREGATE my_max(int4), newcnt(*);
SELECT my_max(x) FROM agg_t;
SELECT newcnt(*) FROM agg_t;
DROP AGGREGATE IF EXISTS my_max(int4);

-- an aggregate made by a rolled-back transaction is gone
BEGIN;
CREATE AGGREGATE rolled_back(int4) (stype = int4, sfunc = int4pl);
SELECT rolled_back(x) FROM agg_t;
ROLLBACK;
SELECT rolled_back(x) FROM agg_t;

-- the aggregates using a function keep it from being dropped, unless CASCADE drops them too
DROP FUNCTION halfsum_finalfn(int4);
DROP FUNCTION nullify(int8, int4) CASCADE;
SELECT nullify_agg(x) FROM agg_t;

-- a prepared statement sees the new definition after CREATE OR REPLACE
PREPARE p AS SELECT my_half_sum(x) FROM agg_t;
EXECUTE p;
CREATE OR REPLACE AGGREGATE my_half_sum(int4) (stype = int4, sfunc = sum_transfn, initcond = '2');
EXECUTE p;
DROP AGGREGATE my_half_sum(int4);
EXECUTE p;
DEALLOCATE p;
