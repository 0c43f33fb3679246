-- Physical replication slots from SQL (slotfuncs.c): pg_create_physical_replication_slot, pg_drop_replication_slot,
-- pg_replication_slots' columns, a temporary slot dropped after an error, CheckSlotPermissions; the empty
-- pg_stat_replication and pg_stat_wal_receiver of a server without walsenders
SELECT * FROM pg_create_physical_replication_slot('regress_s1');
SELECT slot_name, lsn IS NOT NULL AS reserved FROM pg_create_physical_replication_slot('regress_s2', true);
SELECT slot_name, plugin, slot_type, datoid, database, temporary, active, active_pid, xmin, catalog_xmin,
       restart_lsn IS NOT NULL AS has_restart, confirmed_flush_lsn, wal_status, safe_wal_size, two_phase
  FROM pg_replication_slots ORDER BY slot_name;
SELECT restart_lsn <= pg_current_wal_lsn() AS held FROM pg_replication_slots WHERE slot_name = 'regress_s2';
-- errors: a name taken, a bad name, a slot that does not exist
SELECT * FROM pg_create_physical_replication_slot('regress_s1');
SELECT * FROM pg_create_physical_replication_slot('Bad-Name');
SELECT pg_drop_replication_slot('regress_nonesuch');
-- a temporary slot is the session's (active, its pid) until the session ends or an error happens
SELECT slot_name FROM pg_create_physical_replication_slot('regress_tmp', false, true);
SELECT slot_name, temporary, active, active_pid = pg_backend_pid() AS mine FROM pg_replication_slots
  WHERE temporary ORDER BY slot_name;
SELECT 1 / 0;
SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'regress_tmp';
SELECT slot_name FROM pg_create_physical_replication_slot('regress_tmp2', true, true);
SELECT pg_drop_replication_slot('regress_tmp2');
SELECT pg_drop_replication_slot('regress_s1');
SELECT pg_drop_replication_slot('regress_s2');
SELECT count(*) FROM pg_replication_slots;
-- no walsender, no walreceiver
SELECT * FROM pg_stat_replication;
SELECT * FROM pg_stat_wal_receiver;
SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender';
-- CheckSlotPermissions: a superuser or a REPLICATION role
CREATE ROLE regress_noslots LOGIN;
CREATE ROLE regress_repl LOGIN REPLICATION;
SET ROLE regress_noslots;
SELECT * FROM pg_create_physical_replication_slot('regress_s3');
SELECT pg_drop_replication_slot('regress_s3');
SET ROLE regress_repl;
SELECT * FROM pg_create_physical_replication_slot('regress_s3');
SELECT pg_drop_replication_slot('regress_s3');
RESET ROLE;
DROP ROLE regress_noslots;
DROP ROLE regress_repl;
