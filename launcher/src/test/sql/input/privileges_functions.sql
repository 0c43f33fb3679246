-- EXECUTE on functions and procedures (aclchk.c ExecGrant_Function, pg_proc_aclcheck): owners (proowner) and ACLs
-- (proacl), GRANT/REVOKE ON FUNCTION|PROCEDURE|ROUTINE and ON ALL ... IN SCHEMA, the check at each call (in
-- expressions, views, CALL, CREATE TRIGGER), ownership checks of DROP/ALTER/COMMENT, has_function_privilege,
-- \df+, REASSIGN OWNED and DROP OWNED over functions; TRIGGER on the table for CREATE TRIGGER.
CREATE ROLE regress_priv_user1;
CREATE ROLE regress_priv_user2;
CREATE ROLE regress_priv_user3;
CREATE FUNCTION priv_testfunc1(int) RETURNS int AS 'select 2 * $1;' LANGUAGE sql;
CREATE FUNCTION priv_testfunc2(int) RETURNS int AS 'select 3 * $1;' LANGUAGE sql;
CREATE PROCEDURE priv_testproc1(int) AS 'select $1;' LANGUAGE sql;
SELECT proname, pg_get_userbyid(proowner) AS owner, proacl FROM pg_proc
  WHERE proname LIKE 'priv_test%' ORDER BY proname;
ALTER FUNCTION priv_testfunc1(int) OWNER TO regress_priv_user1;
ALTER FUNCTION priv_testfunc2(int) OWNER TO regress_priv_user1;
ALTER PROCEDURE priv_testproc1(int) OWNER TO regress_priv_user1;
ALTER FUNCTION priv_testfunc1(int) OWNER TO regress_priv_nosuch;
SELECT proname, pg_get_userbyid(proowner) AS owner, proacl FROM pg_proc
  WHERE proname LIKE 'priv_test%' ORDER BY proname;
-- a REVOKE rolled back changes nothing
BEGIN;
REVOKE EXECUTE ON FUNCTION priv_testfunc1(int) FROM PUBLIC;
SELECT proacl FROM pg_proc WHERE proname = 'priv_testfunc1';
ROLLBACK;
SELECT proacl FROM pg_proc WHERE proname = 'priv_testfunc1';

SET SESSION AUTHORIZATION regress_priv_user1;
REVOKE ALL ON FUNCTION priv_testfunc1(int), priv_testfunc2(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION priv_testfunc1(int), priv_testfunc2(int) TO regress_priv_user2;
REVOKE ALL ON FUNCTION priv_testproc1(int) FROM PUBLIC; -- fail, not a function
REVOKE ALL ON PROCEDURE priv_testproc1(int) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE priv_testproc1(int) TO regress_priv_user2;
GRANT USAGE ON FUNCTION priv_testfunc1(int) TO regress_priv_user3; -- semantic error
GRANT USAGE ON PROCEDURE priv_testproc1(int) TO regress_priv_user3; -- semantic error
GRANT ALL PRIVILEGES ON FUNCTION priv_testfunc_nosuch(int) TO regress_priv_user3;
GRANT SELECT (a) ON FUNCTION priv_testfunc1(int) TO regress_priv_user3;
GRANT ALL PRIVILEGES ON ROUTINE priv_testproc1(int) TO regress_priv_user3;
GRANT EXECUTE ON FUNCTION priv_testfunc2 TO regress_priv_user3 WITH GRANT OPTION;
SELECT proname, proacl FROM pg_proc WHERE proname LIKE 'priv_test%' ORDER BY proname;

SET SESSION AUTHORIZATION regress_priv_user2;
SELECT priv_testfunc1(5), priv_testfunc2(5); -- ok
CALL priv_testproc1(6); -- ok
GRANT EXECUTE ON FUNCTION priv_testfunc1(int) TO regress_priv_user3; -- no grant option
DROP FUNCTION priv_testfunc1(int); -- fail
DROP PROCEDURE priv_testproc1(int); -- fail
ALTER FUNCTION priv_testfunc1(int) IMMUTABLE; -- fail
ALTER FUNCTION priv_testfunc1(int) RENAME TO priv_testfunc9; -- fail
ALTER FUNCTION priv_testfunc1(int) OWNER TO regress_priv_user2; -- fail
COMMENT ON FUNCTION priv_testfunc1(int) IS 'doubles'; -- fail

SET SESSION AUTHORIZATION regress_priv_user3;
SELECT priv_testfunc1(5); -- fail
SELECT priv_testfunc2(5) + 1; -- ok, granted with grant option
SELECT x, priv_testfunc1(x) FROM generate_series(1, 2) x; -- fail
CALL priv_testproc1(6); -- ok, granted on the routine
GRANT EXECUTE ON FUNCTION priv_testfunc2(int) TO regress_priv_user2;
SELECT has_function_privilege('priv_testfunc1(int)', 'execute');
SELECT has_function_privilege('priv_testfunc2(integer)', 'EXECUTE WITH GRANT OPTION');
SELECT has_function_privilege('regress_priv_user2', 'priv_testfunc1(integer)', 'execute');
SELECT has_function_privilege('regress_priv_user1', 'public.priv_testfunc1(int4)', 'execute with grant option');
SELECT has_function_privilege('public', 'priv_testproc1(int)', 'execute');
SELECT has_function_privilege('now()', 'execute');
SELECT has_function_privilege('priv_nosuch(int)', 'execute');
SELECT has_function_privilege('priv_testfunc1', 'execute');
SELECT has_function_privilege('priv_testfunc1(int)', 'usage');

RESET SESSION AUTHORIZATION;
SELECT proname, proacl FROM pg_proc WHERE proname LIKE 'priv_test%' ORDER BY proname;
\df+ priv_test*
-- a view calling a function: the function is checked as the user querying the view
CREATE VIEW priv_fview AS SELECT priv_testfunc1(4) AS v;
GRANT SELECT ON priv_fview TO regress_priv_user3;
SET ROLE regress_priv_user3;
SELECT * FROM priv_fview; -- fail
RESET ROLE;
GRANT EXECUTE ON FUNCTION priv_testfunc1(int) TO regress_priv_user3;
SET ROLE regress_priv_user3;
SELECT * FROM priv_fview; -- ok
RESET ROLE;
DROP VIEW priv_fview;

-- CREATE TRIGGER needs TRIGGER on the table and EXECUTE on the function
CREATE TABLE priv_trig_t (a int);
CREATE FUNCTION priv_trigfunc() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
REVOKE EXECUTE ON FUNCTION priv_trigfunc() FROM PUBLIC;
SET ROLE regress_priv_user2;
CREATE TRIGGER priv_trig BEFORE INSERT ON priv_trig_t FOR EACH ROW EXECUTE FUNCTION priv_trigfunc(); -- fail
RESET ROLE;
GRANT TRIGGER ON priv_trig_t TO regress_priv_user2;
SET ROLE regress_priv_user2;
CREATE TRIGGER priv_trig BEFORE INSERT ON priv_trig_t FOR EACH ROW EXECUTE FUNCTION priv_trigfunc(); -- fail
RESET ROLE;
GRANT EXECUTE ON FUNCTION priv_trigfunc() TO regress_priv_user2;
SET ROLE regress_priv_user2;
CREATE TRIGGER priv_trig BEFORE INSERT ON priv_trig_t FOR EACH ROW EXECUTE FUNCTION priv_trigfunc(); -- ok
RESET ROLE;
DROP TABLE priv_trig_t;
DROP FUNCTION priv_trigfunc();

-- SECURITY DEFINER functions run as their owner
CREATE TABLE priv_secret (a int);
INSERT INTO priv_secret VALUES (1), (2);
GRANT SELECT ON priv_secret TO regress_priv_user1;
CREATE FUNCTION priv_sd_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'select count(*) from priv_secret';
CREATE FUNCTION priv_si_count() RETURNS bigint LANGUAGE sql AS 'select count(*) from priv_secret';
CREATE FUNCTION priv_sd_who() RETURNS text LANGUAGE sql SECURITY DEFINER AS 'select current_user::text';
CREATE FUNCTION priv_sd_plpgsql() RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  RETURN current_user || ' ' || (SELECT count(*) FROM priv_secret);
END $$;
ALTER FUNCTION priv_sd_count() OWNER TO regress_priv_user1;
ALTER FUNCTION priv_si_count() OWNER TO regress_priv_user1;
ALTER FUNCTION priv_sd_who() OWNER TO regress_priv_user1;
ALTER FUNCTION priv_sd_plpgsql() OWNER TO regress_priv_user1;
SELECT proname, prosecdef FROM pg_proc WHERE proname LIKE 'priv_s%' ORDER BY proname;
\df priv_sd_who
SET ROLE regress_priv_user3;
SELECT priv_sd_count(); -- ok, as regress_priv_user1
SELECT priv_si_count(); -- fail
SELECT priv_sd_who(), current_user;
SELECT priv_sd_plpgsql();
SELECT * FROM priv_secret; -- fail
RESET ROLE;
DROP FUNCTION priv_sd_count(), priv_si_count(), priv_sd_who(), priv_sd_plpgsql();
DROP TABLE priv_secret;

-- aggregates have an owner and EXECUTE too
CREATE AGGREGATE priv_testagg1(int) (sfunc = int4pl, stype = int4);
REVOKE ALL ON FUNCTION priv_testagg1(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION priv_testagg1(int) TO regress_priv_user2;
GRANT USAGE ON FUNCTION priv_testagg1(int) TO regress_priv_user3; -- semantic error
GRANT ALL PRIVILEGES ON ROUTINE priv_testagg1(int) TO regress_priv_user1 WITH GRANT OPTION;
GRANT EXECUTE ON PROCEDURE priv_testagg1(int) TO regress_priv_user3; -- fail
SELECT proname, pg_get_userbyid(proowner) AS owner, proacl FROM pg_proc WHERE proname = 'priv_testagg1';
SET ROLE regress_priv_user2;
SELECT priv_testagg1(x) FROM (VALUES (1), (2), (3)) _(x); -- ok
DROP AGGREGATE priv_testagg1(int); -- fail
RESET ROLE;
SET ROLE regress_priv_user3;
SELECT priv_testagg1(x) FROM (VALUES (1), (2), (3)) _(x); -- fail
SELECT has_function_privilege('priv_testagg1(int)', 'execute');
RESET ROLE;
SELECT has_function_privilege('regress_priv_user1', 'priv_testagg1(integer)', 'execute with grant option');
DROP AGGREGATE priv_testagg1(int);

-- ALL FUNCTIONS / PROCEDURES / ROUTINES IN SCHEMA
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM regress_priv_user2;
GRANT ALL ON ALL PROCEDURES IN SCHEMA public TO PUBLIC;
REVOKE ALL ON ALL ROUTINES IN SCHEMA public FROM regress_priv_user3 CASCADE;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA priv_nosuch TO PUBLIC;
SELECT proname, proacl FROM pg_proc WHERE proname LIKE 'priv_test%' ORDER BY proname;

-- roles owning or holding privileges on functions
GRANT EXECUTE ON FUNCTION priv_testfunc2(int) TO regress_priv_user3;
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user3;
REASSIGN OWNED BY regress_priv_user1 TO regress_priv_user2;
SELECT proname, pg_get_userbyid(proowner) AS owner, proacl FROM pg_proc
  WHERE proname LIKE 'priv_test%' ORDER BY proname;
DROP OWNED BY regress_priv_user3;
SELECT proname, proacl FROM pg_proc WHERE proname LIKE 'priv_test%' ORDER BY proname;
DROP OWNED BY regress_priv_user2;
SELECT proname, pg_get_userbyid(proowner) AS owner, proacl FROM pg_proc
  WHERE proname LIKE 'priv_test%' ORDER BY proname;
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user2;
DROP ROLE regress_priv_user3;
