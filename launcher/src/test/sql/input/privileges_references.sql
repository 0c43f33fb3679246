-- REFERENCES for foreign keys (tablecmds.c checkFkeyPermissions): the referenced table's privilege, else every
-- referenced column's; TRIGGER for CREATE TRIGGER (trigger.c CreateTrigger).
CREATE ROLE regress_priv_user1;
CREATE TABLE priv_pk (a int PRIMARY KEY, b int UNIQUE, c int);
CREATE TABLE priv_fk (x int, y int);
ALTER TABLE priv_fk OWNER TO regress_priv_user1;
SET ROLE regress_priv_user1;
ALTER TABLE priv_fk ADD FOREIGN KEY (x) REFERENCES priv_pk; -- fail
ALTER TABLE priv_fk ADD FOREIGN KEY (x) REFERENCES priv_pk (nosuch); -- fail, no such column first
RESET ROLE;
GRANT REFERENCES (b) ON priv_pk TO regress_priv_user1;
SET ROLE regress_priv_user1;
ALTER TABLE priv_fk ADD FOREIGN KEY (x) REFERENCES priv_pk (a); -- fail, not on column a
ALTER TABLE priv_fk ADD FOREIGN KEY (y) REFERENCES priv_pk (b); -- ok
RESET ROLE;
GRANT REFERENCES ON priv_pk TO regress_priv_user1;
SET ROLE regress_priv_user1;
ALTER TABLE priv_fk ADD FOREIGN KEY (x) REFERENCES priv_pk; -- ok
RESET ROLE;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'priv_fk'::regclass ORDER BY conname;
-- TRIGGER on the table: the owner has it
CREATE FUNCTION priv_trig_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
SET ROLE regress_priv_user1;
CREATE TRIGGER priv_t1 BEFORE INSERT ON priv_pk FOR EACH ROW EXECUTE FUNCTION priv_trig_f(); -- fail
CREATE TRIGGER priv_t1 BEFORE INSERT ON priv_fk FOR EACH ROW EXECUTE FUNCTION priv_trig_f(); -- ok, owner
RESET ROLE;
REVOKE TRIGGER ON priv_fk FROM regress_priv_user1;
SET ROLE regress_priv_user1;
CREATE TRIGGER priv_t2 BEFORE INSERT ON priv_fk FOR EACH ROW EXECUTE FUNCTION priv_trig_f(); -- fail
RESET ROLE;
DROP TABLE priv_fk;
DROP TABLE priv_pk;
DROP FUNCTION priv_trig_f();
DROP ROLE regress_priv_user1;
