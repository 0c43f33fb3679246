-- USAGE on languages (aclchk.c ExecGrant_Language, functioncmds.c CreateFunction): lanacl per database, GRANT and
-- REVOKE on the trusted languages only, the check at CREATE FUNCTION and DO, untrusted languages for superusers,
-- has_language_privilege, DROP ROLE's dependencies and DROP OWNED. (CREATE FUNCTION's check is FunctionPrivilegesIT's:
-- a role of PostgreSQL 15 needs CREATE on schema public first.)
CREATE ROLE regress_priv_user1;
CREATE ROLE regress_priv_user2;
SELECT lanname, lanpltrusted, lanacl FROM pg_language ORDER BY oid;
REVOKE ALL PRIVILEGES ON LANGUAGE sql FROM PUBLIC;
GRANT USAGE ON LANGUAGE sql TO regress_priv_user1; -- ok
GRANT USAGE ON LANGUAGE c TO PUBLIC; -- fail
GRANT USAGE ON LANGUAGE internal TO PUBLIC; -- fail
GRANT USAGE ON LANGUAGE priv_nosuch TO PUBLIC; -- fail
GRANT SELECT ON LANGUAGE sql TO PUBLIC; -- fail
GRANT USAGE ON LANGUAGE plpgsql TO regress_priv_user2 WITH GRANT OPTION;
SELECT lanname, lanacl FROM pg_language ORDER BY oid;
SELECT has_language_privilege('sql', 'usage');
SELECT has_language_privilege('regress_priv_user1', 'sql', 'USAGE');
SELECT has_language_privilege('regress_priv_user2', 'sql', 'USAGE');
SELECT has_language_privilege('regress_priv_user2', 'plpgsql', 'USAGE WITH GRANT OPTION');
SELECT has_language_privilege('regress_priv_user2', 'c', 'USAGE');
SELECT has_language_privilege('regress_priv_user2', 'priv_nosuch', 'USAGE');

SET SESSION AUTHORIZATION regress_priv_user1;
GRANT USAGE ON LANGUAGE sql TO regress_priv_user2; -- fail
SET SESSION AUTHORIZATION regress_priv_user2;
GRANT USAGE ON LANGUAGE plpgsql TO regress_priv_user1; -- ok, grant option
DO $$ BEGIN RAISE NOTICE 'hello'; END $$;
RESET SESSION AUTHORIZATION;
REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC;
SET SESSION AUTHORIZATION regress_priv_user1;
DO $$ BEGIN RAISE NOTICE 'hello'; END $$; -- ok, granted by regress_priv_user2
RESET SESSION AUTHORIZATION;
REVOKE USAGE ON LANGUAGE plpgsql FROM regress_priv_user2 CASCADE;
SET SESSION AUTHORIZATION regress_priv_user1;
DO $$ BEGIN RAISE NOTICE 'hello'; END $$; -- fail
RESET SESSION AUTHORIZATION;
SELECT lanname, lanacl FROM pg_language ORDER BY oid;
-- a rolled-back GRANT changes nothing
BEGIN;
GRANT ALL ON LANGUAGE plpgsql TO PUBLIC;
SELECT lanacl FROM pg_language WHERE lanname = 'plpgsql';
ROLLBACK;
SELECT lanacl FROM pg_language WHERE lanname = 'plpgsql';

DROP ROLE regress_priv_user1;
DROP OWNED BY regress_priv_user1;
SELECT lanname, lanacl FROM pg_language ORDER BY oid;
-- restore to sanity
GRANT ALL PRIVILEGES ON LANGUAGE sql TO PUBLIC;
GRANT USAGE ON LANGUAGE plpgsql TO PUBLIC;
SELECT lanname, lanacl FROM pg_language ORDER BY oid;
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user2;
