-- REASSIGN OWNED and DROP OWNED, the usual way to remove a role that owns objects or holds privileges
create role regress_ro_a login;
create role regress_ro_b login;
create role regress_ro_c;
create table ro_t (id serial primary key, v text);
create view ro_v as select * from ro_t;
create sequence ro_s;
alter table ro_t owner to regress_ro_a;
alter view ro_v owner to regress_ro_a;
alter sequence ro_s owner to regress_ro_a;
grant select on ro_t to regress_ro_c;
grant update (v) on ro_t to regress_ro_c;
drop role regress_ro_a;
drop role regress_ro_c;
select relname, pg_get_userbyid(relowner) as owner from pg_class where relname like 'ro\_%' order by 1;
-- only for roles whose privileges the current user has
set session authorization regress_ro_b;
reassign owned by regress_ro_a to regress_ro_b;
drop owned by regress_ro_a;
reset session authorization;
reassign owned by regress_ro_a to regress_ro_b;
select relname, pg_get_userbyid(relowner) as owner, relacl from pg_class where relname like 'ro\_%' order by 1;
drop role regress_ro_a;
-- DROP OWNED revokes what was granted to the role
drop owned by regress_ro_c;
select relacl, (select attacl from pg_attribute where attrelid = 'ro_t'::regclass and attname = 'v')
  from pg_class where relname = 'ro_t';
drop role regress_ro_c;
-- and drops what the role owns; RESTRICT stops at objects of other roles that depend on it
create role regress_ro_d;
create view ro_w as select * from ro_v;
alter view ro_w owner to regress_ro_d;
drop owned by regress_ro_b;
drop owned by regress_ro_b cascade;
select relname from pg_class where relname like 'ro\_%' order by 1;
drop role regress_ro_b, regress_ro_d;
reassign owned by regress_ro_nosuch to postgres;
