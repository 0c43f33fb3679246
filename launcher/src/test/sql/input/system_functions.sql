--
-- System information and administration functions (dbsize.c, acl.c, misc.c, mbutils.c, xid8funcs.c)
--
-- pg_size_pretty: units, half-rounding, negative values, numeric
SELECT size, pg_size_pretty(size), pg_size_pretty(-1 * size) FROM
    (VALUES (10::bigint), (1000::bigint), (10239::bigint), (10240::bigint), (10752::bigint),
            (1000000::bigint), (10485247::bigint), (10485248::bigint), (10485759::bigint), (10485760::bigint),
            (1000000000::bigint), (1000000000000::bigint), (1000000000000000::bigint),
            (9223372036854775807::bigint)) x(size)
    ORDER BY size;
SELECT pg_size_pretty((-9223372036854775807 - 1)::bigint);
SELECT size, pg_size_pretty(size), pg_size_pretty(-1 * size) FROM
    (VALUES (10::numeric), (1000::numeric), (10239::numeric), (10240::numeric), (10752::numeric),
            (10.5::numeric), (1000000000000000::numeric), (1000000000000000000000::numeric),
            (1000000000000000000000000000000::numeric)) x(size)
    ORDER BY size;
SELECT pg_size_pretty('NaN'::numeric), pg_size_pretty('Infinity'::numeric), pg_size_pretty('-Infinity'::numeric);
SELECT pg_size_pretty(NULL::bigint) IS NULL AS null_in_null_out;
SELECT pg_size_pretty(1024);
-- pg_size_bytes: units in any case, whitespace, fractions, exponents
SELECT size, pg_size_bytes(size) FROM
    (VALUES ('1'), ('123bytes'), ('1kB'), ('1MB'), (' 1 GB'), ('1.5 GB '), ('1TB'), ('3000 TB'), ('1e6 MB'),
            ('-1'), ('-1.5 kB'), ('+2 MB'), ('1 kb'), ('1 mB'), ('1 Gb'), ('1 pB'), ('.5 kB'), ('5. kB'),
            ('1e1 bytes'), ('1E+2'), ('1e-1 kB'), ('8 PB'), ('1.5'), ('-.1'))
    x(size) ORDER BY 2, 1;
SELECT pg_size_bytes('1 AB');
SELECT pg_size_bytes('1 AB A');
SELECT pg_size_bytes('1 AB A    ');
SELECT pg_size_bytes('9223372036854775807.9');
SELECT pg_size_bytes('1e100');
SELECT pg_size_bytes('1 byte');
SELECT pg_size_bytes('');
SELECT pg_size_bytes('kb');
SELECT pg_size_bytes('..10 kB');
SELECT pg_size_bytes('-.kb');
SELECT pg_size_bytes('-. kb');
SELECT pg_size_bytes('.+912');
SELECT pg_size_bytes('+912+ kB');
SELECT pg_size_bytes('++123 kB');
SELECT pg_size_bytes('1e kB');
SELECT pg_size_bytes('1 e');
-- the server and the session
SELECT pg_is_in_recovery();
SELECT pg_postmaster_start_time() <= now() AS started_before, pg_conf_load_time() <= now() AS loaded_before;
SELECT pg_backend_pid() > 0 AS has_pid, pg_backend_pid() = pg_backend_pid() AS same_pid;
SELECT version() LIKE 'PostgreSQL 15.%' AS is_15;
SELECT inet_client_port() IS NULL OR inet_client_port() > 0 AS client_port_ok;
-- schemas and users
SELECT current_schemas(true), current_schemas(false), current_schema, current_schema();
SET search_path = pg_catalog, public;
SELECT current_schemas(true), current_schemas(false), current_schema;
SET search_path = nosuch, "Public", public, pg_catalog;
SELECT current_schemas(true), current_schemas(false), current_schema;
SET search_path = nosuch;
SELECT current_schemas(true), current_schemas(false), current_schema IS NULL AS no_schema;
RESET search_path;
SELECT current_schemas(NULL) IS NULL AS null_in_null_out;
SELECT current_catalog = current_database() AS catalog, current_role = current_user AS role,
    user = current_user AS usr, session_user = current_user AS session;
SELECT pg_typeof(current_schemas(true)), pg_typeof(current_schema), pg_typeof(current_catalog),
    pg_typeof(current_role), pg_typeof(session_user), pg_typeof(user);
-- encodings
SELECT getdatabaseencoding(), pg_client_encoding(), pg_typeof(getdatabaseencoding());
SELECT n, pg_encoding_to_char(n) FROM generate_series(-1, 42) n ORDER BY n;
SELECT name, pg_char_to_encoding(name) FROM
    (VALUES ('UTF8'), ('utf8'), ('utf-8'), ('Unicode'), ('SQL_ASCII'), ('latin1'), ('ISO-8859-1'),
            ('iso_8859_5'), ('win1252'), ('Windows-1251'), ('shift_jis_2004'), ('sjis'), ('koi8'), ('nosuch'),
            (''), ('EUC_JIS_2004')) x(name)
    ORDER BY name;
-- roles
SELECT pg_get_userbyid(10) = current_user AS bootstrap, pg_get_userbyid(1), pg_get_userbyid(0),
    pg_get_userbyid(NULL) IS NULL AS null_in_null_out;
CREATE ROLE sysfunc_role;
SELECT pg_get_userbyid(10) = current_user AS still_bootstrap;
-- privileges: every role holds every privilege until roles have ACLs; the names are checked
CREATE TABLE sysfunc_t (a int PRIMARY KEY, b text);
CREATE SEQUENCE sysfunc_s;
SELECT has_table_privilege('sysfunc_t', 'SELECT'), has_table_privilege('public.sysfunc_t', 'insert, update'),
    has_table_privilege('sysfunc_t', ' select with grant option ,DELETE'),
    has_table_privilege(current_user, 'sysfunc_t', 'TRUNCATE'),
    has_table_privilege('sysfunc_t', 'rule'), has_table_privilege('sysfunc_t', 'rule, select');
SELECT has_table_privilege('sysfunc_t', 'execute');
SELECT has_table_privilege('sysfunc_t', 'select,');
SELECT has_table_privilege('nosuch_t', 'select');
SELECT has_table_privilege('nosuch_role', 'sysfunc_t', 'select');
SELECT has_table_privilege('nosuch_role', 'nosuch_t', 'bogus');
SELECT has_table_privilege(0::oid, 'select') IS NULL AS unknown_oid;
SELECT has_table_privilege(current_user, 0::oid, 'select') IS NULL AS unknown_oid;
SELECT has_sequence_privilege('sysfunc_s', 'usage'), has_sequence_privilege('sysfunc_s', 'SELECT, UPDATE'),
    has_sequence_privilege(current_user, 'sysfunc_s', 'usage');
SELECT has_sequence_privilege('sysfunc_s', 'insert');
SELECT has_sequence_privilege('sysfunc_t', 'usage');
SELECT has_sequence_privilege('nosuch_s', 'usage');
SELECT has_column_privilege('sysfunc_t', 'a', 'select'), has_column_privilege('sysfunc_t', 'b', 'update, insert'),
    has_column_privilege(current_user, 'sysfunc_t', 'b', 'references');
SELECT has_column_privilege('sysfunc_t', 'nosuch', 'select');
SELECT has_column_privilege('sysfunc_t', 'a', 'delete');
SELECT has_column_privilege('nosuch_t', 'a', 'select');
SELECT has_database_privilege(current_database(), 'connect'), has_database_privilege(current_database(), 'create'),
    has_database_privilege(current_database(), 'temp, temporary'),
    has_database_privilege(current_user, current_database(), 'CONNECT');
SELECT has_database_privilege('nosuch_db', 'connect');
SELECT has_database_privilege(current_database(), 'usage');
SELECT has_schema_privilege('public', 'usage'), has_schema_privilege('pg_catalog', 'create, usage'),
    has_schema_privilege(current_user, 'public', 'CREATE');
SELECT has_schema_privilege('nosuch', 'usage');
SELECT has_schema_privilege('public', 'select');
SELECT has_function_privilege('now()', 'execute'), has_function_privilege('abs(integer)', 'EXECUTE'),
    has_function_privilege(current_user, 'upper(text)', 'execute');
SELECT has_function_privilege('now', 'execute');
SELECT has_function_privilege('now()', 'usage');
SELECT pg_has_role(current_user, 'member'), pg_has_role(current_user, 'USAGE'),
    pg_has_role(current_user, current_user, 'member with admin option');
SELECT pg_has_role('nosuch_role', 'member');
SELECT pg_has_role(current_user, 'select');
DROP ROLE sysfunc_role;
-- sizes: positive, consistent, and the errors
INSERT INTO sysfunc_t SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g;
SELECT pg_table_size('sysfunc_t') > 0 AS table_size, pg_indexes_size('sysfunc_t') > 0 AS indexes_size,
    pg_total_relation_size('sysfunc_t') = pg_table_size('sysfunc_t') + pg_indexes_size('sysfunc_t') AS total,
    pg_table_size('sysfunc_t_pkey') = pg_relation_size('sysfunc_t_pkey') AS index_table_size,
    pg_indexes_size('sysfunc_t_pkey') AS index_indexes_size;
SELECT pg_relation_size('sysfunc_t') > 0 AS main_size, pg_relation_size('sysfunc_t', 'main') > 0 AS main_fork,
    pg_relation_size('sysfunc_t', 'init') AS init_fork, pg_relation_size('sysfunc_s') AS sequence_size,
    pg_relation_size('sysfunc_t'::regclass::oid) = pg_relation_size('sysfunc_t') AS by_oid;
SELECT pg_relation_size('sysfunc_t', 'nosuch');
SELECT pg_relation_size(0::oid) IS NULL AS unknown_oid;
SELECT pg_relation_size('nosuch_t');
SELECT pg_total_relation_size('nosuch_t');
SELECT pg_total_relation_size(0::oid) IS NULL AS unknown_oid;
SELECT pg_database_size(current_database()) > 0 AS db_size;
SELECT pg_database_size('nosuch_db');
SELECT pg_tablespace_size('pg_default') > 0 AS default_size, pg_tablespace_size('pg_global') > 0 AS global_size;
SELECT pg_tablespace_size('nosuch_ts');
DROP TABLE sysfunc_t;
DROP SEQUENCE sysfunc_s;
-- transaction ids: assigned on demand, stable within the transaction
BEGIN;
SELECT txid_current_if_assigned() IS NULL AS not_yet, pg_current_xact_id_if_assigned() IS NULL AS not_yet;
SELECT txid_current() > 0 AS assigned;
SELECT txid_current() = txid_current_if_assigned() AS same, pg_current_xact_id()::text = txid_current()::text AS same8,
    pg_current_xact_id() = pg_current_xact_id_if_assigned() AS same_if_assigned;
SELECT pg_typeof(pg_current_xact_id()), pg_typeof(pg_current_xact_id_if_assigned()), pg_typeof(txid_current()),
    pg_typeof(txid_current_if_assigned());
SAVEPOINT s1;
SELECT pg_current_xact_id()::text = txid_current()::text AS same_in_savepoint;
ROLLBACK TO s1;
SELECT pg_current_xact_id()::xid::text = (txid_current() % 4294967296)::text AS xid_of_xid8;
COMMIT;
BEGIN READ ONLY;
SELECT txid_current() > 0 AS assigned_read_only;
COMMIT;
BEGIN;
SELECT txid_current() AS x1 \gset
COMMIT;
SELECT txid_current() > :x1 AS later;
-- xid8: unsigned 64-bit input (octal, hex, negative wraps, garbage is 0 as in PostgreSQL 15), ordered
SELECT '010'::xid8, '42'::xid8, '0xffffffffffffffff'::xid8, '-1'::xid8, ''::xid8, 'asdf'::xid8, ' 7 '::xid8;
SELECT '010'::xid, '0xffffffff'::xid, '-1'::xid, ''::xid, 'asdf'::xid;
SELECT '1'::xid8 < '2'::xid8, '2'::xid8 <= '2'::xid8, '-1'::xid8 > '1'::xid8, '2'::xid8 >= '3'::xid8,
    '1'::xid8 = '1'::xid8, '1'::xid8 <> '1'::xid8;
SELECT xid8cmp('1', '2'), xid8cmp('2', '2'), xid8cmp('-1', '1');
SELECT '1'::xid = '1'::xid8::xid, '4294967297'::xid8::xid;
SELECT '1'::xid8 < '2'::xid;
SELECT '1'::xid8::int8;
CREATE TABLE sysfunc_x8 (x xid8);
INSERT INTO sysfunc_x8 VALUES ('0'), ('010'), ('42'), ('0xffffffffffffffff'), ('-2'), (NULL);
SELECT min(x), max(x), count(x) FROM sysfunc_x8;
CREATE INDEX ON sysfunc_x8 (x);
SELECT x FROM sysfunc_x8 ORDER BY x;
SELECT x FROM sysfunc_x8 WHERE x > '100' ORDER BY x DESC;
DROP TABLE sysfunc_x8;
-- settings
SELECT current_setting('search_path'), current_setting('nosuch.setting', true) IS NULL AS missing_ok;
SELECT current_setting('nosuch_setting');
BEGIN;
SELECT set_config('work_mem', '8MB', true);
SHOW work_mem;
COMMIT;
SHOW work_mem;
SELECT set_config('work_mem', '16MB', false);
SHOW work_mem;
RESET work_mem;
-- a function that does not exist keeps PostgreSQL's error
SELECT pg_no_such_function(1);
