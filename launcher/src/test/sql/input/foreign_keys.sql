-- FOREIGN KEY: column and table form, default names, the referenced key's checks
CREATE TABLE customers (id int PRIMARY KEY, name text);
CREATE TABLE orders (
    id int PRIMARY KEY,
    customer int REFERENCES customers,
    amount numeric
);
INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');
INSERT INTO orders VALUES (10, 1, 5.0), (11, NULL, 1.0);
INSERT INTO orders VALUES (12, 3, 2.0);
UPDATE orders SET customer = 4 WHERE id = 10;
UPDATE orders SET customer = 2 WHERE id = 10;
DELETE FROM customers WHERE id = 2;
UPDATE customers SET id = 20 WHERE id = 2;
UPDATE customers SET id = 10 WHERE id = 1;
DELETE FROM customers WHERE id = 1;
SELECT * FROM orders ORDER BY id;
-- NO ACTION looks again at the end of the statement: a key that is back is no violation
BEGIN;
DELETE FROM customers WHERE id = 2;
ROLLBACK;
SELECT * FROM customers ORDER BY id;
-- bad definitions
CREATE TABLE bad (a int REFERENCES nonesuch);
CREATE TABLE bad (a int REFERENCES customers (name));
CREATE TABLE bad (a int, b int, FOREIGN KEY (a, b) REFERENCES customers);
CREATE TABLE bad (a text REFERENCES customers);
CREATE TABLE bad (a int, FOREIGN KEY (z) REFERENCES customers);
CREATE TABLE nokey (a int);
CREATE TABLE bad (a int REFERENCES nokey);

-- ON DELETE / ON UPDATE actions
CREATE TABLE parent (id int PRIMARY KEY, label text);
CREATE TABLE child_cascade (id int, pid int REFERENCES parent ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE child_null (id int, pid int REFERENCES parent ON DELETE SET NULL ON UPDATE SET NULL);
CREATE TABLE child_default (id int, pid int DEFAULT 0 REFERENCES parent ON DELETE SET DEFAULT);
CREATE TABLE child_restrict (id int, pid int REFERENCES parent ON DELETE RESTRICT);
INSERT INTO parent VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO child_cascade VALUES (1, 1), (2, 2), (3, 2);
INSERT INTO child_null VALUES (1, 1), (2, 2);
INSERT INTO child_default VALUES (1, 1), (2, 1);
INSERT INTO child_restrict VALUES (1, 3);
UPDATE parent SET id = 21 WHERE id = 2;
SELECT * FROM child_cascade ORDER BY id;
SELECT * FROM child_null ORDER BY id;
DELETE FROM parent WHERE id = 1;
SELECT * FROM child_cascade ORDER BY id;
SELECT * FROM child_null ORDER BY id;
SELECT * FROM child_default ORDER BY id;
DELETE FROM parent WHERE id = 3;
DELETE FROM parent WHERE id = 0;
SELECT * FROM parent ORDER BY id;

-- ON DELETE SET NULL (column list), MATCH FULL, several columns
CREATE TABLE tenants (tenant int, id int, PRIMARY KEY (tenant, id));
CREATE TABLE users (
    tenant int NOT NULL,
    uid int,
    manager int,
    FOREIGN KEY (tenant, manager) REFERENCES tenants ON DELETE SET NULL (manager)
);
INSERT INTO tenants VALUES (1, 1), (1, 2);
INSERT INTO users VALUES (1, 10, 1), (1, 11, 2);
INSERT INTO users VALUES (1, 12, 3);
DELETE FROM tenants WHERE id = 1;
SELECT * FROM users ORDER BY uid;
CREATE TABLE full_match (a int, b int, FOREIGN KEY (a, b) REFERENCES tenants MATCH FULL);
INSERT INTO full_match VALUES (1, NULL);
INSERT INTO full_match VALUES (NULL, NULL);
INSERT INTO full_match VALUES (1, 2);
CREATE TABLE bad (a int, b int, FOREIGN KEY (a, b) REFERENCES tenants ON DELETE CASCADE (a));

-- a self-referencing table: parent and child rows in one statement
CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree (id));
INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2);
INSERT INTO tree VALUES (4, 5), (5, 4);
INSERT INTO tree VALUES (6, 7);
DELETE FROM tree WHERE id = 2;
DELETE FROM tree WHERE id >= 2;
SELECT * FROM tree;

-- ALTER TABLE ADD FOREIGN KEY validates existing rows unless NOT VALID
CREATE TABLE items (id int PRIMARY KEY);
CREATE TABLE lines (item int, qty int);
INSERT INTO items VALUES (1), (2);
INSERT INTO lines VALUES (1, 1), (3, 1);
ALTER TABLE lines ADD FOREIGN KEY (item) REFERENCES items;
ALTER TABLE lines ADD CONSTRAINT lines_item FOREIGN KEY (item) REFERENCES items NOT VALID;
INSERT INTO lines VALUES (4, 1);
ALTER TABLE lines VALIDATE CONSTRAINT lines_item;
DELETE FROM lines WHERE item = 3;
ALTER TABLE lines VALIDATE CONSTRAINT lines_item;
ALTER TABLE lines DROP CONSTRAINT lines_item;
INSERT INTO lines VALUES (4, 1);

-- DEFERRABLE INITIALLY DEFERRED: checked at COMMIT; SET CONSTRAINTS
CREATE TABLE dparent (id int PRIMARY KEY);
CREATE TABLE dchild (pid int REFERENCES dparent DEFERRABLE INITIALLY DEFERRED);
BEGIN;
INSERT INTO dchild VALUES (1);
INSERT INTO dparent VALUES (1);
COMMIT;
BEGIN;
INSERT INTO dchild VALUES (2);
COMMIT;
BEGIN;
INSERT INTO dchild VALUES (3);
DELETE FROM dchild WHERE pid = 3;
COMMIT;
BEGIN;
INSERT INTO dchild VALUES (4);
SET CONSTRAINTS dchild_pid_fkey IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO dchild VALUES (5);
ROLLBACK;
SET CONSTRAINTS nonesuch DEFERRED;
SET CONSTRAINTS orders_customer_fkey DEFERRED;
SELECT * FROM dchild;

-- dropping and truncating referenced tables
DROP TABLE customers;
TRUNCATE customers;
TRUNCATE customers, orders;
TRUNCATE items CASCADE;
SELECT count(*) FROM lines;
ALTER TABLE customers DROP CONSTRAINT customers_pkey;
ALTER TABLE customers DROP COLUMN id;
DROP TABLE customers CASCADE;
INSERT INTO orders VALUES (13, 99, 1.0);
DROP TABLE orders, nokey, parent, child_cascade, child_null, child_default, child_restrict, users, full_match;
DROP TABLE tenants, tree, items, lines, dparent, dchild;
