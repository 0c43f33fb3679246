-- The WAL's SQL functions (xlogfuncs.c, pg_controldata.c): WAL file names of LSNs, the current positions' order,
-- NULL standby positions on a primary, and pg_control_*()'s columns (only their deterministic values)
SELECT pg_walfile_name('0/1000000'), pg_walfile_name('0/1000001'), pg_walfile_name('1/0'), pg_walfile_name('0/0');
SELECT * FROM pg_walfile_name_offset('0/1000000');
SELECT * FROM pg_walfile_name_offset('A/12345678');
SELECT file_name, file_offset FROM pg_walfile_name_offset('0/16AE7F8');
SELECT pg_walfile_name_offset('0/16AE7F8');
SELECT pg_current_wal_lsn() > '0/0', pg_current_wal_insert_lsn() >= pg_current_wal_lsn(), pg_current_wal_flush_lsn() <= pg_current_wal_insert_lsn();
SELECT pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), pg_is_in_recovery();
SELECT pg_typeof(pg_current_wal_lsn());
SELECT pg_control_version, catalog_version_no, system_identifier > 0 AS has_id FROM pg_control_system();
SELECT timeline_id, prev_timeline_id, full_page_writes, redo_lsn <= checkpoint_lsn AS redo_first, redo_wal_file = pg_walfile_name(redo_lsn + 1) AS redo_file, next_xid LIKE '0:%' AS epoch0, oldest_xid_dbid, next_multixact_id, next_multi_offset, oldest_multi_xid, oldest_multi_dbid, oldest_commit_ts_xid, newest_commit_ts_xid FROM pg_control_checkpoint();
SELECT * FROM pg_control_init();
SELECT * FROM pg_control_recovery();
SELECT count(*) FROM pg_control_checkpoint() WHERE checkpoint_time <= now();
