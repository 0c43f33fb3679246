--
-- CREATE OPERATOR / DROP OPERATOR: user operators over SQL, PL/pgSQL and built-in functions, binary and
-- prefix, chosen before built-in operators when their types match exactly, and on domains
--
CREATE FUNCTION int8_text_eq(int8, text) RETURNS boolean LANGUAGE sql AS 'SELECT $1::text = $2';
CREATE OPERATOR = (procedure = int8_text_eq, leftarg = int8, rightarg = text);
CREATE TABLE op_ints (q int8);
INSERT INTO op_ints VALUES (1), (22), (333);
CREATE TABLE op_texts (c text);
INSERT INTO op_texts VALUES ('22'), ('333'), ('x');
SELECT q FROM op_ints WHERE q = '22'::text ORDER BY q;
SELECT q, c FROM op_ints, op_texts WHERE q = c ORDER BY q;
SELECT * FROM op_ints WHERE q IN (SELECT c FROM op_texts) ORDER BY q;
SELECT q FROM op_ints WHERE q = ANY (ARRAY['22', '333', NULL]::text[]) ORDER BY q;
SELECT q FROM op_ints WHERE NOT q = ALL (ARRAY['22', '22']::text[]) ORDER BY q;
-- the built-in operators are unchanged
SELECT 1::int8 = 1::int8, 'a'::text = 'a'::text;

-- a new operator name, binary and prefix
CREATE FUNCTION squared_sum(int4, int4) RETURNS int4 LANGUAGE plpgsql AS
    'BEGIN RETURN $1 * $1 + $2 * $2; END';
CREATE OPERATOR <+> (function = squared_sum, leftarg = int4, rightarg = int4, commutator = <+>);
SELECT 3 <+> 4, 1 <+> 2 <+> 3;
CREATE OPERATOR @#@ (rightarg = int4, procedure = int4inc);
SELECT @#@ 41;
CREATE OPERATOR ## (leftarg = float8, rightarg = float8, function = float8pl);
SELECT 1.5::float8 ## 2, 1 ## 2;

-- an operator on a domain applies to values of the domain, as CASE ... WHEN uses it
BEGIN;
CREATE DOMAIN foodomain AS text;
CREATE FUNCTION volfoo(text) RETURNS foodomain AS
  'begin return $1::foodomain; end' LANGUAGE plpgsql VOLATILE;
CREATE FUNCTION inline_eq(foodomain, foodomain) RETURNS boolean AS
  'SELECT CASE $2::text WHEN $1::text THEN true ELSE false END' LANGUAGE sql;
CREATE OPERATOR = (procedure = inline_eq, leftarg = foodomain, rightarg = foodomain);
SELECT CASE volfoo('bar') WHEN 'foo'::foodomain THEN 'is foo' ELSE 'is not foo' END;
SELECT CASE volfoo('foo') WHEN 'foo'::foodomain THEN 'is foo' ELSE 'is not foo' END;
SELECT 'x'::text = 'x';
ROLLBACK;

-- errors
CREATE OPERATOR #%# (leftarg = int8, procedure = int8inc);
CREATE OPERATOR #%# (procedure = int8inc);
CREATE OPERATOR #%# (leftarg = int8, rightarg = int8);
CREATE OPERATOR #%# (leftarg = int8, rightarg = int8, procedure = no_such_function);
CREATE OPERATOR <+> (function = squared_sum, leftarg = int4, rightarg = int4);
CREATE OPERATOR #%# (leftarg = int4, rightarg = int4, function = squared_sum, nonsense = 1);
SELECT 'a'::text <+> 'b'::text;
DROP OPERATOR ###### (NONE, int4);
DROP OPERATOR ###### (int4, int8);
DROP OPERATOR IF EXISTS ###### (int4, int8);

-- DROP
DROP FUNCTION int8_text_eq(int8, text);
DROP OPERATOR <+> (int4, int4), @#@ (NONE, int4);
SELECT 3 <+> 4;
SELECT @#@ 41;
DROP OPERATOR = (int8, text);
SELECT * FROM op_ints WHERE q IN (SELECT c FROM op_texts) ORDER BY q;
SELECT 2 #%# 3;
