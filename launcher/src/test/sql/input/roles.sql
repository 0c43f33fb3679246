-- CREATE/ALTER/DROP ROLE and USER, their attributes in pg_authid, pg_roles, pg_user and psql's \du,
-- passwords as PostgreSQL stores them, memberships (GRANT role TO role) and what they allow
create role regress_r_plain;
create user regress_r_user;
create role regress_r_full login createdb createrole replication bypassrls connection limit 3
    valid until '2100-01-01 00:00:00+00' password 'pw1';
create role regress_r_group nologin inherit;
create role regress_r_noinherit noinherit login;
select rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
       rolconnlimit, rolvaliduntil, left(rolpassword, 14) as secret
  from pg_authid where rolname like 'regress_r_%' order by rolname;
select rolname, rolpassword, rolconfig from pg_roles where rolname like 'regress_r_%' order by rolname;
select usename, usecreatedb, usesuper, userepl, usebypassrls, passwd from pg_user
 where usename like 'regress_r_%' order by usename;
\du regress_r_*
-- errors
create role regress_r_plain;
create role pg_regress_r;
create role regress_r_bad connection limit -2;
create role regress_r_bad login nologin;
create role regress_r_bad password 'a' password 'b';
alter role regress_r_nosuch login;
drop role regress_r_nosuch;
drop role if exists regress_r_nosuch;
drop role current_user;
-- passwords: per password_encryption, hashes kept as given, '' clears, md5 cleared by a rename
set password_encryption = 'md5';
alter role regress_r_user password 'secret';
select rolpassword from pg_authid where rolname = 'regress_r_user';
alter role regress_r_user rename to regress_r_user2;
select rolpassword from pg_authid where rolname = 'regress_r_user2';
alter role regress_r_user2 rename to regress_r_user;
reset password_encryption;
alter role regress_r_user password 'md5bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
select rolpassword from pg_authid where rolname = 'regress_r_user';
alter role regress_r_user password 'SCRAM-SHA-256$4096:1bvMXo22b/LvOke6crsOyQ==$VwqiUwU/CiVrikC6Imuxwv047485kGzg6Blx1rvSdy8=:EVJvc+XFnsqw4e/LlUtZ5n6Z3scX3zjNaHxt/mtIG+I=';
select rolpassword from pg_authid where rolname = 'regress_r_user';
alter role regress_r_user password '';
select rolpassword is null as cleared from pg_authid where rolname = 'regress_r_user';
alter role regress_r_user password 'x' valid until 'infinity';
alter role regress_r_user password null;
select rolpassword is null as cleared, rolvaliduntil from pg_authid where rolname = 'regress_r_user';
-- attributes change one by one
alter role regress_r_full nocreatedb connection limit 10;
alter user regress_r_plain login superuser;
select rolname, rolsuper, rolcreatedb, rolcanlogin, rolconnlimit from pg_roles
 where rolname in ('regress_r_full', 'regress_r_plain') order by 1;
alter role regress_r_plain nosuperuser;
-- memberships
grant regress_r_group to regress_r_user;
grant regress_r_group to regress_r_user;
grant regress_r_group to regress_r_user with admin option;
grant regress_r_user to regress_r_group;
grant regress_r_group to regress_r_noinherit, regress_r_plain;
grant regress_r_nosuch to regress_r_user;
grant regress_r_group (a) to regress_r_user;
grant pg_database_owner to regress_r_user;
create role regress_r_member in role regress_r_group role regress_r_plain admin regress_r_full;
select r.rolname as role, m.rolname as member, g.rolname as grantor, admin_option
  from pg_auth_members a join pg_roles r on r.oid = a.roleid join pg_roles m on m.oid = a.member
  join pg_roles g on g.oid = a.grantor
 where r.rolname like 'regress_r_%' or m.rolname like 'regress_r_%' order by 1, 2;
\du regress_r_*
revoke admin option for regress_r_group from regress_r_user;
revoke regress_r_group from regress_r_noinherit;
revoke regress_r_group from regress_r_noinherit;
select m.rolname as member, admin_option from pg_auth_members a join pg_roles m on m.oid = a.member
 where a.roleid = (select oid from pg_roles where rolname = 'regress_r_group') order by 1;
-- pg_has_role: MEMBER, USAGE (through INHERIT roles only), WITH ADMIN OPTION
select pg_has_role('regress_r_user', 'regress_r_group', 'MEMBER') as member,
       pg_has_role('regress_r_user', 'regress_r_group', 'usage') as usage,
       pg_has_role('regress_r_user', 'regress_r_group', 'MEMBER WITH ADMIN OPTION') as admin,
       pg_has_role('regress_r_plain', 'regress_r_member', 'member, usage') as both,
       pg_has_role('regress_r_group', 'regress_r_user', 'MEMBER') as reverse,
       pg_has_role('regress_r_group', 'USAGE') as superuser_has;
select pg_has_role('regress_r_user', 'regress_r_group', 'FLY');
select pg_has_role('regress_r_nosuch', 'regress_r_group', 'MEMBER');
-- ALTER GROUP adds and drops members
alter group regress_r_group add user regress_r_full;
alter group regress_r_group drop user regress_r_full, regress_r_full;
select count(*) from pg_auth_members a join pg_roles m on m.oid = a.member where m.rolname = 'regress_r_full'
   and a.roleid = (select oid from pg_roles where rolname = 'regress_r_group');
-- what a non-superuser may do
set session authorization regress_r_user;
create role regress_r_x;
alter role regress_r_user password 'mine';
alter role regress_r_user createdb;
alter role regress_r_plain password 'theirs';
set role regress_r_group;
select current_user, session_user;
set role regress_r_full;
reset role;
select * from pg_authid;
select count(*) > 0 from pg_roles;
reset session authorization;
set session authorization regress_r_full;
create role regress_r_by_createrole;
create role regress_r_super superuser;
create role regress_r_repl replication;
alter role regress_r_by_createrole rename to regress_r_renamed;
drop role regress_r_renamed;
reset session authorization;
-- cleanup
drop role regress_r_member, regress_r_noinherit, regress_r_plain, regress_r_full, regress_r_user,
          regress_r_group;
select count(*) from pg_auth_members a join pg_roles r on r.oid = a.roleid where r.rolname like 'regress_r_%';
select count(*) from pg_roles where rolname like 'regress_r_%';
