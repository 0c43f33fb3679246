-- Privileges on databases and schemas (aclchk.c, acl.c, dbcommands.c, namespace.c), after the schema and
-- database parts of PostgreSQL's privileges.sql: datdba/datacl and nspowner/nspacl as initdb leaves them,
-- pg_database_owner, GRANT/REVOKE ON DATABASE / ON SCHEMA with grant options, CREATE and USAGE on public,
-- TEMP on the database, has_database_privilege/has_schema_privilege, ALTER DATABASE/SCHEMA ... OWNER TO,
-- DROP DATABASE by its owner, DROP ROLE/OWNED and REASSIGN OWNED over them.
CREATE ROLE regress_priv_user1 LOGIN;
CREATE ROLE regress_priv_user2 LOGIN;
CREATE ROLE regress_priv_user3 LOGIN;
CREATE ROLE regress_priv_user4 LOGIN CREATEDB;
-- initdb's owners and ACLs
SELECT pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname = current_database();
SELECT datname, datacl FROM pg_database WHERE datname LIKE 'template%' ORDER BY datname;
SELECT nspname, pg_get_userbyid(nspowner) AS owner, nspacl FROM pg_namespace
 WHERE nspname IN ('public', 'pg_catalog', 'information_schema', 'pg_toast') ORDER BY nspname;
\dn+
-- a plain role may not create in public: PostgreSQL 15 gives CREATE on it to the database owner only
SET ROLE regress_priv_user1;
CREATE TABLE priv_nsp_t (a int);
CREATE TABLE public.priv_nsp_t (a int);
CREATE VIEW priv_nsp_v AS SELECT 1 AS one;
CREATE SEQUENCE priv_nsp_s;
CREATE TABLE priv_nsp_c AS SELECT 1 AS one;
CREATE TYPE priv_nsp_e AS ENUM ('a');
CREATE DOMAIN priv_nsp_d AS int;
CREATE FUNCTION priv_nsp_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT has_schema_privilege('public', 'CREATE'), has_schema_privilege('public', 'USAGE');
RESET ROLE;
SELECT has_schema_privilege('regress_priv_user1', 'public', 'CREATE') AS create,
       has_schema_privilege('regress_priv_user1', 'public', 'USAGE') AS usage,
       has_schema_privilege('regress_priv_user1', 'public', 'USAGE WITH GRANT OPTION') AS grant_usage,
       has_schema_privilege('regress_priv_user1', 'pg_catalog', 'USAGE') AS catalog_usage,
       has_schema_privilege('regress_priv_user1', 'pg_catalog', 'CREATE') AS catalog_create;
SELECT has_schema_privilege('regress_priv_user1', 'public'::regnamespace, 'CREATE');
SELECT has_schema_privilege('public'::regnamespace, 'CREATE, USAGE');
SELECT has_schema_privilege('regress_priv_user1', 'no_such_schema', 'USAGE');
SELECT has_schema_privilege('regress_priv_user1', 'public', 'SELECT');
-- GRANT CREATE on public
GRANT CREATE ON SCHEMA public TO regress_priv_user1;
SET ROLE regress_priv_user1;
CREATE TABLE priv_nsp_t (a int);
INSERT INTO priv_nsp_t VALUES (1), (2);
CREATE VIEW priv_nsp_v AS SELECT a FROM priv_nsp_t;
CREATE SEQUENCE priv_nsp_s;
RESET ROLE;
SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname LIKE 'priv_nsp_%' ORDER BY relname;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
-- grant options: a grantee with them may pass the privilege on; REVOKE needs CASCADE for what it granted
GRANT USAGE, CREATE ON SCHEMA public TO regress_priv_user2 WITH GRANT OPTION;
SET ROLE regress_priv_user2;
GRANT CREATE ON SCHEMA public TO regress_priv_user3;
SET ROLE regress_priv_user3;
GRANT CREATE ON SCHEMA public TO regress_priv_user1;
RESET ROLE;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
REVOKE GRANT OPTION FOR CREATE ON SCHEMA public FROM regress_priv_user2;
REVOKE GRANT OPTION FOR CREATE ON SCHEMA public FROM regress_priv_user2 CASCADE;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
REVOKE ALL ON SCHEMA public FROM regress_priv_user2;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
-- privileges a schema does not have, objects that do not exist
GRANT SELECT ON SCHEMA public TO regress_priv_user2;
GRANT CONNECT ON SCHEMA public TO regress_priv_user2;
GRANT USAGE ON SCHEMA no_such_schema TO regress_priv_user2;
GRANT USAGE ON SCHEMA public TO no_such_role;
GRANT USAGE (a) ON SCHEMA public TO regress_priv_user2;
-- USAGE: without it, names in public are not found (search_path) or refused (qualified)
GRANT SELECT, INSERT ON priv_nsp_t TO regress_priv_user2;
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
SET ROLE regress_priv_user2;
SELECT has_schema_privilege('public', 'USAGE');
SELECT * FROM priv_nsp_t ORDER BY a;
SELECT * FROM public.priv_nsp_t ORDER BY a;
INSERT INTO public.priv_nsp_t VALUES (3);
INSERT INTO priv_nsp_t VALUES (3);
RESET ROLE;
GRANT USAGE ON SCHEMA public TO PUBLIC;
SET ROLE regress_priv_user2;
SELECT * FROM priv_nsp_t ORDER BY a;
RESET ROLE;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
-- a non-owner may not grant what it does not hold
SET ROLE regress_priv_user2;
GRANT CREATE ON SCHEMA public TO regress_priv_user3;
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
RESET ROLE;
-- databases: TEMP and CONNECT belong to PUBLIC by default
SELECT has_database_privilege('regress_priv_user1', current_database(), 'CONNECT') AS connect,
       has_database_privilege('regress_priv_user1', current_database(), 'TEMP') AS temp,
       has_database_privilege('regress_priv_user1', current_database(), 'TEMPORARY') AS temporary,
       has_database_privilege('regress_priv_user1', current_database(), 'CREATE') AS create;
SELECT has_database_privilege('regress_priv_user1', 'template1', 'TEMP') AS template_temp,
       has_database_privilege('regress_priv_user1', 'template1', 'CONNECT') AS template_connect;
SELECT has_database_privilege('no_such_database', 'CONNECT');
SELECT has_database_privilege('regress_priv_user1', current_database(), 'USAGE');
SELECT has_database_privilege((SELECT oid FROM pg_database WHERE datname = current_database()), 'CREATE');
REVOKE TEMP ON DATABASE corpus_privileges_schemas_databases FROM PUBLIC;
SELECT datacl FROM pg_database WHERE datname = current_database();
SET ROLE regress_priv_user1;
CREATE TEMP TABLE priv_temp (a int);
CREATE TEMP VIEW priv_temp_v AS SELECT 1 AS one;
RESET ROLE;
GRANT TEMPORARY ON DATABASE corpus_privileges_schemas_databases TO regress_priv_user1;
SET ROLE regress_priv_user1;
CREATE TEMP TABLE priv_temp (a int);
SELECT has_database_privilege(current_database(), 'TEMP');
RESET ROLE;
GRANT ALL ON DATABASE corpus_privileges_schemas_databases TO regress_priv_user2 WITH GRANT OPTION;
GRANT USAGE ON DATABASE corpus_privileges_schemas_databases TO regress_priv_user2;
GRANT CONNECT ON DATABASE no_such_database TO regress_priv_user2;
SET ROLE regress_priv_user2;
GRANT CONNECT, CREATE ON DATABASE corpus_privileges_schemas_databases TO regress_priv_user3;
SET ROLE regress_priv_user3;
GRANT TEMP ON DATABASE corpus_privileges_schemas_databases TO regress_priv_user1;
RESET ROLE;
SELECT datacl FROM pg_database WHERE datname = current_database();
SELECT has_database_privilege('regress_priv_user3', current_database(), 'CREATE') AS create,
       has_database_privilege('regress_priv_user2', current_database(), 'CREATE WITH GRANT OPTION') AS grant_create,
       has_database_privilege('regress_priv_user3', current_database(), 'CONNECT WITH GRANT OPTION') AS grant_connect;
REVOKE ALL ON DATABASE corpus_privileges_schemas_databases FROM regress_priv_user2;
REVOKE ALL ON DATABASE corpus_privileges_schemas_databases FROM regress_priv_user2 CASCADE;
SELECT datacl FROM pg_database WHERE datname = current_database();
-- DROP ROLE sees the database and schema privileges
DROP ROLE regress_priv_user1;
-- the owner of a database: CREATEDB, DROP DATABASE, ALTER DATABASE ... OWNER TO
SET ROLE regress_priv_user1;
CREATE DATABASE regress_priv_db1;
RESET ROLE;
SET ROLE regress_priv_user4;
CREATE DATABASE regress_priv_db1;
RESET ROLE;
SELECT datname, pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname LIKE 'regress_priv_db%';
SET ROLE regress_priv_user1;
DROP DATABASE regress_priv_db1;
ALTER DATABASE regress_priv_db1 OWNER TO regress_priv_user1;
RESET ROLE;
SET ROLE regress_priv_user4;
GRANT CONNECT ON DATABASE regress_priv_db1 TO regress_priv_user1;
ALTER DATABASE regress_priv_db1 OWNER TO regress_priv_user1;
RESET ROLE;
GRANT regress_priv_user1 TO regress_priv_user4;
SET ROLE regress_priv_user4;
ALTER DATABASE regress_priv_db1 OWNER TO regress_priv_user1;
RESET ROLE;
SELECT datname, pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname LIKE 'regress_priv_db%';
SET ROLE regress_priv_user1;
ALTER DATABASE regress_priv_db1 OWNER TO regress_priv_user4;
RESET ROLE;
ALTER DATABASE regress_priv_db1 OWNER TO regress_priv_user2;
SELECT datname, pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname LIKE 'regress_priv_db%';
ALTER DATABASE no_such_database OWNER TO regress_priv_user2;
DROP ROLE regress_priv_user2;
REASSIGN OWNED BY regress_priv_user2 TO regress_priv_user4;
SELECT datname, pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname LIKE 'regress_priv_db%';
SET ROLE regress_priv_user4;
DROP DATABASE regress_priv_db1;
RESET ROLE;
-- pg_database_owner: the current database's owner is a member, so it holds public's CREATE
SELECT pg_has_role('regress_priv_user3', 'pg_database_owner', 'MEMBER') AS member,
       pg_has_role('regress_priv_user3', 'pg_database_owner', 'USAGE') AS usage;
SET SESSION AUTHORIZATION regress_priv_user3;
SET ROLE pg_database_owner;
RESET SESSION AUTHORIZATION;
ALTER DATABASE corpus_privileges_schemas_databases OWNER TO regress_priv_user3;
SET SESSION AUTHORIZATION regress_priv_user3;
SET ROLE pg_database_owner;
SELECT current_user;
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT pg_has_role('regress_priv_user3', 'pg_database_owner', 'MEMBER') AS member,
       pg_has_role('regress_priv_user3', 'pg_database_owner', 'USAGE') AS usage,
       has_schema_privilege('regress_priv_user3', 'public', 'CREATE') AS create;
SET ROLE regress_priv_user3;
CREATE TABLE priv_nsp_owned (a int);
GRANT CREATE ON SCHEMA public TO regress_priv_user4;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
REVOKE CREATE ON SCHEMA public FROM regress_priv_user4;
RESET ROLE;
ALTER DATABASE corpus_privileges_schemas_databases OWNER TO postgres;
SELECT pg_get_userbyid(datdba) AS owner, datacl FROM pg_database WHERE datname = current_database();
-- ALTER SCHEMA ... OWNER TO
SET ROLE regress_priv_user1;
ALTER SCHEMA public OWNER TO regress_priv_user1;
RESET ROLE;
ALTER SCHEMA public OWNER TO regress_priv_user1;
ALTER SCHEMA no_such_schema OWNER TO regress_priv_user1;
SELECT pg_get_userbyid(nspowner) AS owner, nspacl FROM pg_namespace WHERE nspname = 'public';
\dn+ public
GRANT USAGE ON SCHEMA public TO PUBLIC;
SET ROLE regress_priv_user1;
REVOKE CREATE ON SCHEMA public FROM regress_priv_user1;
CREATE TABLE priv_nsp_t2 (a int);
GRANT CREATE ON SCHEMA public TO regress_priv_user1;
RESET ROLE;
ALTER SCHEMA public OWNER TO pg_database_owner;
SELECT pg_get_userbyid(nspowner) AS owner, nspacl FROM pg_namespace WHERE nspname = 'public';
-- DROP OWNED takes away what was granted to the role
DROP OWNED BY regress_priv_user1;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
SELECT datacl FROM pg_database WHERE datname = current_database();
SELECT relname FROM pg_class WHERE relname LIKE 'priv_nsp_%' ORDER BY relname;
-- a rolled-back transaction leaves no GRANT and no owner change behind
BEGIN;
GRANT CREATE ON SCHEMA public TO regress_priv_user2;
ALTER DATABASE corpus_privileges_schemas_databases OWNER TO regress_priv_user2;
SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database();
ROLLBACK;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database();
-- initdb's state again
DROP TABLE priv_nsp_owned;
REVOKE ALL ON SCHEMA public FROM regress_priv_user3;
GRANT TEMP ON DATABASE corpus_privileges_schemas_databases TO PUBLIC;
REVOKE ALL ON DATABASE corpus_privileges_schemas_databases FROM regress_priv_user1, regress_priv_user3;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
SELECT datacl FROM pg_database WHERE datname = current_database();
DROP ROLE regress_priv_user1;
DROP ROLE regress_priv_user2;
DROP ROLE regress_priv_user3;
DROP ROLE regress_priv_user4;
