-- ALTER DEFAULT PRIVILEGES (aclchk.c SetDefaultACL, get_user_default_acl): pg_default_acl's entries per role, schema
-- and object type, \ddp, their effect on the tables, views, sequences, functions and procedures the role creates
-- afterwards (a global entry merged with the schema's), entries back at their default removed, the checks and
-- errors, DROP ROLE's dependencies and DROP OWNED.
CREATE ROLE regress_priv_user1 SUPERUSER;
CREATE ROLE regress_priv_user2;
CREATE ROLE regress_priv_user3;
CREATE ROLE regress_priv_user4;
GRANT regress_priv_user4 TO regress_priv_user3;
\ddp
SELECT count(*) FROM pg_default_acl;

SET ROLE regress_priv_user1;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT ON TABLES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO regress_priv_user3 WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON ROUTINES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT CREATE ON SCHEMAS TO regress_priv_user3;
RESET ROLE;
\ddp
SELECT pg_get_userbyid(defaclrole) AS role, defaclnamespace <> 0 AS in_schema, defaclobjtype, defaclacl
  FROM pg_default_acl ORDER BY 1, 2, 3;

SET ROLE regress_priv_user1;
CREATE TABLE dp_t (a int, b serial);
CREATE VIEW dp_v AS SELECT a FROM dp_t;
CREATE SEQUENCE dp_s;
CREATE FUNCTION dp_f() RETURNS int LANGUAGE sql AS 'select 1';
CREATE PROCEDURE dp_p() LANGUAGE sql AS 'select 1';
CREATE TEMP TABLE dp_temp (a int);
RESET ROLE;
SELECT relname, relacl FROM pg_class WHERE relname LIKE 'dp\_%' ORDER BY relname;
SELECT proname, proacl FROM pg_proc WHERE proname LIKE 'dp\_%' ORDER BY proname;
-- objects another role creates are not affected
CREATE TABLE dp_other (a int);
SELECT relacl FROM pg_class WHERE relname = 'dp_other';
SET ROLE regress_priv_user2;
SELECT * FROM dp_t;
INSERT INTO dp_t VALUES (1);
SELECT dp_f();
RESET ROLE;
SET ROLE regress_priv_user3;
SELECT dp_f();
SELECT nextval('dp_s');
RESET ROLE;

-- back to the default: the entry goes
SET ROLE regress_priv_user1;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE INSERT ON TABLES FROM regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM regress_priv_user2;
RESET ROLE;
\ddp

-- who may, and errors
SET ROLE regress_priv_user3;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user1 GRANT SELECT ON TABLES TO regress_priv_user3;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user4 GRANT SELECT ON TABLES TO regress_priv_user3;
ALTER DEFAULT PRIVILEGES GRANT UPDATE ON TABLES TO regress_priv_user2;
RESET ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_nosuch GRANT SELECT ON TABLES TO regress_priv_user3;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO regress_priv_nosuch;
ALTER DEFAULT PRIVILEGES IN SCHEMA priv_nosuch GRANT SELECT ON TABLES TO regress_priv_user3;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SCHEMAS TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT SELECT (a) ON TABLES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON TABLES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON FUNCTIONS TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC WITH GRANT OPTION;
-- a rolled-back change leaves nothing
BEGIN;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user2 GRANT ALL ON TABLES TO regress_priv_user3;
SELECT count(*) FROM pg_default_acl WHERE pg_get_userbyid(defaclrole) = 'regress_priv_user2';
ROLLBACK;
SELECT count(*) FROM pg_default_acl WHERE pg_get_userbyid(defaclrole) = 'regress_priv_user2';
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user2 GRANT ALL ON TABLES TO regress_priv_user3;
\ddp

-- DROP ROLE sees the entries; DROP OWNED removes them
DROP ROLE regress_priv_user3;
DROP ROLE regress_priv_user2;
DROP TABLE dp_t, dp_other CASCADE;
DROP SEQUENCE dp_s;
DROP FUNCTION dp_f();
DROP PROCEDURE dp_p();
DROP TABLE dp_temp;
DROP OWNED BY regress_priv_user3;
\ddp
DROP OWNED BY regress_priv_user2;
\ddp
DROP OWNED BY regress_priv_user1;
\ddp
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user2;
DROP ROLE regress_priv_user3;
DROP ROLE regress_priv_user4;
