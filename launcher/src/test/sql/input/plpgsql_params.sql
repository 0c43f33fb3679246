-- PL/pgSQL parameters by position: $n reaches every parameter, named or not (pl_comp's $n aliases)
CREATE FUNCTION vol(text) RETURNS text AS
  'begin return $1; end' LANGUAGE plpgsql VOLATILE;
SELECT vol('bar'), vol(NULL);
-- a CASE over a volatile CASE (PostgreSQL's case.sql)
SELECT CASE
  (CASE vol('bar')
    WHEN 'foo' THEN 'it was foo!'
    WHEN vol(null) THEN 'null input'
    WHEN 'bar' THEN 'it was bar!' END
  )
  WHEN 'it was foo!' THEN 'foo recognized'
  WHEN 'it was bar!' THEN 'bar recognized'
  ELSE 'unrecognized' END;
-- unnamed and named parameters mixed: the named one is a variable, both are $n
CREATE FUNCTION mixed(int, b int, text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  total int := $1 + b;
BEGIN
  RETURN $3 || ':' || total || ':' || $2;
END $$;
SELECT mixed(1, 2, 'sum');

CREATE FUNCTION div_or_zero(int) RETURNS float8 AS $$
BEGIN
  RETURN 1::float8 / $1;
EXCEPTION
  WHEN division_by_zero THEN RETURN 0;
END $$ LANGUAGE plpgsql;
SELECT div_or_zero(4), div_or_zero(0);
-- an EXECUTE string sees its USING values as $n, and no variables
CREATE TABLE pp (id int, x text);
INSERT INTO pp VALUES (1, 'column x'), (2, 'other');
CREATE FUNCTION dyn(id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  x text := 'variable x';
  r text;
BEGIN
  EXECUTE 'SELECT x FROM pp WHERE id = $1' INTO r USING id;
  RETURN r;
END $$;
SELECT dyn(1), dyn(2);
CREATE FUNCTION dyn_var() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  y text := 'variable y';
  r text;
BEGIN
  EXECUTE 'SELECT y' INTO r;
  RETURN r;
END $$;
SELECT dyn_var();
-- a static statement's $1 with a named parameter
CREATE FUNCTION pick(want int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT x FROM pp WHERE id = $1);
END $$;
SELECT pick(2);
