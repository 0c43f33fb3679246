--
-- TLS status of a session: pg_stat_ssl (a row per client backend; this session uses a Unix socket, so no TLS)
-- and the ssl settings with their defaults and contexts.
--
select ssl, version, cipher, bits, client_dn, client_serial, issuer_dn
  from pg_stat_ssl where pid = pg_backend_pid();
select count(*) as rows_for_me from pg_stat_ssl where pid = pg_backend_pid();
select * from pg_stat_ssl where false;
select pg_typeof(pid) as pid, pg_typeof(ssl) as ssl, pg_typeof(version) as version, pg_typeof(bits) as bits,
       pg_typeof(client_serial) as client_serial
  from pg_stat_ssl where pid = pg_backend_pid();
show ssl;
show ssl_min_protocol_version;
show ssl_max_protocol_version;
show ssl_cert_file;
show ssl_key_file;
select name, setting, context, vartype from pg_settings where name like 'ssl%' order by name;
set ssl = on;
