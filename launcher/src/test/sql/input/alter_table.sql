-- CHECK constraints: column and table form, their names, violations
CREATE TABLE products (
    id int PRIMARY KEY,
    name text NOT NULL,
    price numeric CHECK (price > 0),
    discounted numeric,
    CHECK (discounted < price),
    CONSTRAINT name_not_empty CHECK (name <> '')
);
INSERT INTO products VALUES (1, 'apple', 10, 5);
INSERT INTO products VALUES (2, 'pear', -1, NULL);
INSERT INTO products VALUES (3, 'plum', 10, 20);
INSERT INTO products VALUES (4, '', 10, 1);
-- null passes a CHECK
INSERT INTO products VALUES (5, 'fig', NULL, NULL);
UPDATE products SET price = 0 WHERE id = 1;
UPDATE products SET discounted = 9 WHERE id = 1;
INSERT INTO products VALUES (1, 'apple', 10, 5) ON CONFLICT (id) DO UPDATE SET price = -5;
SELECT * FROM products ORDER BY id;
-- two constraints on one column get numbered names
CREATE TABLE twice (a int CHECK (a > 0) CHECK (a < 100), b int, CHECK (a + b > 0));
INSERT INTO twice VALUES (0, 1);
INSERT INTO twice VALUES (100, 1);
INSERT INTO twice VALUES (5, -10);
INSERT INTO twice VALUES (5, 10);
-- bad CHECK expressions
CREATE TABLE bad (a int CHECK (a + 1));
CREATE TABLE bad (a int CHECK (a > (SELECT 1)));
CREATE TABLE bad (a int CHECK (sum(a) > 0));
CREATE TABLE bad (a int CHECK (b > 0));
CREATE TABLE bad (a int, CONSTRAINT c CHECK (a > 0), CONSTRAINT c CHECK (a < 5));

-- ALTER TABLE ADD CONSTRAINT CHECK validates existing rows, unless NOT VALID
CREATE TABLE items (id int, qty int, note text);
INSERT INTO items VALUES (1, 5, 'a'), (2, -3, NULL), (3, 7, 'c');
ALTER TABLE items ADD CONSTRAINT qty_positive CHECK (qty > 0);
ALTER TABLE items ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
INSERT INTO items VALUES (4, -1, 'd');
ALTER TABLE items VALIDATE CONSTRAINT qty_positive;
DELETE FROM items WHERE qty < 0;
ALTER TABLE items VALIDATE CONSTRAINT qty_positive;
ALTER TABLE items VALIDATE CONSTRAINT nonesuch;
ALTER TABLE items ADD CHECK (id < 1000);
INSERT INTO items VALUES (1000, 1, 'x');
ALTER TABLE items DROP CONSTRAINT items_id_check;
INSERT INTO items VALUES (1000, 1, 'x');
ALTER TABLE items DROP CONSTRAINT items_id_check;
ALTER TABLE items DROP CONSTRAINT IF EXISTS items_id_check;
ALTER TABLE items RENAME CONSTRAINT qty_positive TO qty_above_zero;
INSERT INTO items VALUES (5, 0, 'y');
ALTER TABLE items RENAME CONSTRAINT nonesuch TO other;

-- SET / DROP NOT NULL
ALTER TABLE items ALTER COLUMN note SET NOT NULL;
UPDATE items SET note = 'b' WHERE note IS NULL;
ALTER TABLE items ALTER COLUMN note SET NOT NULL;
INSERT INTO items VALUES (6, 1, NULL);
ALTER TABLE items ALTER COLUMN note DROP NOT NULL;
INSERT INTO items VALUES (6, 1, NULL);
ALTER TABLE items ALTER COLUMN nonesuch SET NOT NULL;
ALTER TABLE products ALTER COLUMN id DROP NOT NULL;

-- several actions in one statement, run in order
ALTER TABLE items ADD COLUMN added int DEFAULT 7, ALTER COLUMN qty SET DEFAULT 1, ADD CHECK (added > 0);
INSERT INTO items (id, note) VALUES (7, 'z');
SELECT * FROM items ORDER BY id;
ALTER TABLE items ADD COLUMN other int, ADD COLUMN other int;
ALTER TABLE items ALTER COLUMN added SET STATISTICS 100, ALTER COLUMN note SET STORAGE EXTERNAL;

ALTER TABLE items SET LOGGED, SET WITHOUT OIDS, REPLICA IDENTITY DEFAULT;
ALTER TABLE items CLUSTER ON nonesuch;
ALTER TABLE items SET WITHOUT CLUSTER;

-- RENAME COLUMN (CHECKs follow), RENAME TO
ALTER TABLE items RENAME COLUMN qty TO quantity;
INSERT INTO items VALUES (8, -5, 'w');
SELECT id, quantity FROM items ORDER BY id;
ALTER TABLE items RENAME COLUMN nonesuch TO x;
ALTER TABLE items RENAME COLUMN id TO note;
ALTER TABLE items RENAME TO stock;
SELECT count(*) FROM stock;
SELECT count(*) FROM items;
ALTER TABLE IF EXISTS items RENAME TO stock2;
ALTER TABLE IF EXISTS items ADD COLUMN x int;
ALTER TABLE items ADD COLUMN x int;

-- DROP COLUMN: indexes and CHECKs that read it go with it
CREATE TABLE wide (a int PRIMARY KEY, b text, c int CHECK (c <> 13), d int);
CREATE INDEX wide_c_d ON wide (c, d);
INSERT INTO wide VALUES (1, 'one', 10, 100), (2, 'two', 20, 200), (3, 'three', 30, 300);
ALTER TABLE wide DROP COLUMN c;
SELECT * FROM wide ORDER BY a;
INSERT INTO wide VALUES (4, 'four', 400);
INSERT INTO wide VALUES (4, 'again', 400);
ALTER TABLE wide DROP COLUMN c;
ALTER TABLE wide DROP COLUMN IF EXISTS c;
ALTER TABLE wide DROP b;
SELECT * FROM wide WHERE a = 2;
SELECT * FROM wide ORDER BY d DESC;

-- DROP COLUMN of a SERIAL column drops its sequence; later serial columns keep theirs
CREATE TABLE serials (x text, s serial, t serial);
INSERT INTO serials (x) VALUES ('a'), ('b');
ALTER TABLE serials DROP COLUMN s;
INSERT INTO serials (x) VALUES ('c');
SELECT * FROM serials ORDER BY t;
SELECT nextval('serials_s_seq');

-- ALTER COLUMN TYPE rewrites the table
CREATE TABLE conv (id int PRIMARY KEY, v text, n int CHECK (n >= 0));
INSERT INTO conv VALUES (1, '10', 1), (2, '20', 2), (3, NULL, 3);
ALTER TABLE conv ALTER COLUMN v TYPE int;
ALTER TABLE conv ALTER COLUMN v TYPE int USING v::int;
SELECT id, v + 1 AS next FROM conv ORDER BY id;
ALTER TABLE conv ALTER COLUMN n TYPE numeric(10,2);
SELECT * FROM conv ORDER BY id;
ALTER TABLE conv ALTER COLUMN n SET DATA TYPE bigint USING n * 100;
SELECT * FROM conv ORDER BY id;
ALTER TABLE conv ALTER COLUMN n TYPE int USING -1;
ALTER TABLE conv ALTER COLUMN id TYPE bigint;
INSERT INTO conv VALUES (1, 0, 0);
SELECT * FROM conv WHERE id = 2;
ALTER TABLE conv ALTER COLUMN v TYPE text, ALTER COLUMN v SET DEFAULT 'none';
INSERT INTO conv (id, n) VALUES (4, 4);
SELECT * FROM conv ORDER BY id;

-- ALTER TABLE in a transaction rolls back
BEGIN;
ALTER TABLE conv DROP COLUMN v;
ALTER TABLE conv ADD CONSTRAINT small CHECK (n < 1000);
SELECT * FROM conv ORDER BY id;
ROLLBACK;
SELECT * FROM conv ORDER BY id;
INSERT INTO conv VALUES (5, 'x', 5000);

-- COPY checks the constraints too
CREATE TABLE copied (a int CHECK (a > 0));
COPY copied FROM stdin;
1
2
\.
INSERT INTO copied VALUES (-1);
SELECT * FROM copied;

-- ALTER INDEX ... RENAME, RENAME CONSTRAINT of a primary key renames its index
CREATE TABLE keyed (a int PRIMARY KEY, b int UNIQUE);
CREATE INDEX keyed_b_extra ON keyed (b);
ALTER INDEX keyed_b_extra RENAME TO keyed_b2;
ALTER INDEX keyed_b2 RENAME TO keyed;
ALTER INDEX nonesuch RENAME TO x;
ALTER INDEX IF EXISTS nonesuch RENAME TO x;
ALTER TABLE keyed RENAME CONSTRAINT keyed_pkey TO keyed_pk;
INSERT INTO keyed VALUES (1, 1), (1, 2);
ALTER TABLE keyed RENAME CONSTRAINT keyed_b_key TO keyed_pk;
DROP INDEX keyed_b2;
ALTER TABLE keyed DROP CONSTRAINT keyed_pk;
INSERT INTO keyed VALUES (1, 2);
DROP TABLE keyed;

-- views that read a column keep it
CREATE TABLE viewed (a int, b int, c int);
INSERT INTO viewed VALUES (1, 2, 3);
CREATE VIEW viewed_b AS SELECT b FROM viewed;
ALTER TABLE viewed DROP COLUMN c;
ALTER TABLE viewed DROP COLUMN b;
ALTER TABLE viewed ALTER COLUMN b TYPE bigint;
ALTER TABLE viewed ALTER COLUMN a TYPE bigint;
ALTER TABLE viewed DROP COLUMN b CASCADE;
SELECT * FROM viewed;
SELECT * FROM viewed_b;

DROP TABLE products, twice, stock, wide, serials, conv, copied, viewed;
