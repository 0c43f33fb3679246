-- SET ROLE and SET SESSION AUTHORIZATION: who the session acts as, transactional like SET
create role set_role_alice login;
create role set_role_bob superuser;
show role;
select current_user, session_user, current_setting('is_superuser');
set role set_role_alice;
select current_user, session_user, current_setting('is_superuser');
show role;
-- a non-superuser role cannot do what only superusers may
copy (select 1) to '/tmp/osgres_set_role_copy.txt';
set role set_role_bob;
reset role;
select current_user;
set role set_role_nosuch;
set role 'set_role_alice';
select current_user;
set role none;
show role;
-- SET LOCAL ROLE ends with the transaction; a rolled-back SET ROLE is undone
begin;
set local role set_role_alice;
select current_user;
commit;
select current_user;
begin;
set role set_role_alice;
rollback;
select current_user;
-- RESET ALL leaves the role alone
set role set_role_alice;
reset all;
show role;
-- a non-superuser session user can only become itself
set session authorization set_role_alice;
select current_user, session_user, current_setting('is_superuser');
set role set_role_bob;
set role set_role_alice;
select current_user;
reset session authorization;
select current_user, session_user;
set session authorization default;
select current_user = session_user;
set session authorization set_role_nosuch;
select set_config('role', 'set_role_alice', false), current_user;
reset role;
-- the roles in use cannot be dropped
set role set_role_alice;
drop role set_role_alice;
set role set_role_bob;
drop role set_role_bob;
reset role;
drop role set_role_alice, set_role_bob;
