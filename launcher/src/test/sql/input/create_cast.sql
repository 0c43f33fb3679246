--
-- CREATE CAST / DROP CAST: user casts between types osgres has no cast between, with a function, WITH INOUT
-- and WITHOUT FUNCTION, explicit, AS ASSIGNMENT and AS IMPLICIT, and the checks PostgreSQL makes
--
CREATE FUNCTION bool_of_date(date) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 >= ''2000-01-01''::date';
SELECT '2020-05-01'::date::boolean;   -- fails, no cast yet
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date);
SELECT '2020-05-01'::date::boolean, CAST('1999-05-01'::date AS boolean), NULL::date::boolean;
CREATE TABLE cast_t (b boolean);
INSERT INTO cast_t VALUES ('2020-05-01'::date);   -- fails, the cast is explicit only
DROP CAST (date AS boolean);
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date) AS ASSIGNMENT;
INSERT INTO cast_t VALUES ('2020-05-01'::date), ('1900-01-01'::date);
SELECT * FROM cast_t ORDER BY b;
SELECT NOT '2020-05-01'::date;   -- fails, the cast is not implicit
DROP CAST (date AS boolean);
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date) AS IMPLICIT;
SELECT NOT '2020-05-01'::date;
CREATE FUNCTION takes_bool(boolean) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
SELECT takes_bool('1980-01-01'::date);

-- WITH INOUT and WITHOUT FUNCTION
CREATE CAST (int4 AS interval) WITH INOUT;
SELECT 42::interval, x::interval FROM (VALUES (1), (NULL)) v(x);
CREATE CAST (interval AS int8) WITH INOUT;
SELECT '42'::interval::int8;
SELECT '1 day'::interval::int8;
CREATE CAST (date AS int4) WITHOUT FUNCTION;
SELECT '2000-01-11'::date::int4;
CREATE CAST (int4 AS date) WITHOUT FUNCTION;
SELECT 366::date;

-- errors
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date);
CREATE CAST (int4 AS int8) WITHOUT FUNCTION;
CREATE CAST (time AS int4) WITH FUNCTION no_such_function(time);
CREATE FUNCTION two_ints(int4, int4) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE CAST (int4 AS time) WITH FUNCTION two_ints(int4, int4);
CREATE FUNCTION text_to_bool(text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE CAST (time AS boolean) WITH FUNCTION text_to_bool(text);
CREATE FUNCTION time_to_int(time) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''x''';
CREATE CAST (time AS int4) WITH FUNCTION time_to_int(time);
CREATE FUNCTION volatile_cast(time) RETURNS int4 LANGUAGE sql VOLATILE AS 'SELECT 1';
CREATE CAST (time AS int4) WITH FUNCTION volatile_cast(time);
CREATE CAST (int8 AS date) WITHOUT FUNCTION;
DROP CAST (time AS int4);
DROP CAST IF EXISTS (time AS int4);

-- DROP, and a rolled-back CREATE CAST
DROP FUNCTION bool_of_date(date);
DROP CAST (date AS int4);
DROP CAST (date AS boolean);
SELECT '2020-05-01'::date::boolean;
BEGIN;
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date);
SELECT '2020-05-01'::date::boolean;
ROLLBACK;
SELECT '2020-05-01'::date::boolean;
CREATE CAST (date AS boolean) WITH FUNCTION bool_of_date(date);
DROP FUNCTION bool_of_date(date) CASCADE;
SELECT '2020-05-01'::date::boolean;
