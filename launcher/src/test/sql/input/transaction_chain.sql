-- COMMIT AND CHAIN / ROLLBACK AND CHAIN: the next transaction starts at once with the same
-- isolation level, read-only and deferrable modes
CREATE TABLE chain_t (a int);
SET default_transaction_read_only = on;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE, DEFERRABLE;
SHOW transaction_isolation;
SHOW transaction_read_only;
SHOW transaction_deferrable;
INSERT INTO chain_t VALUES (1);
COMMIT AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
SHOW transaction_deferrable;
INSERT INTO chain_t VALUES ('error');
INSERT INTO chain_t VALUES (2);
COMMIT AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
INSERT INTO chain_t VALUES (3);
COMMIT;
-- after a plain COMMIT the defaults are back
SHOW transaction_read_only;
SHOW transaction_deferrable;
START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;
SAVEPOINT s;
INSERT INTO chain_t VALUES (4);
COMMIT AND CHAIN;
SHOW transaction_isolation;
ROLLBACK AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
INSERT INTO chain_t VALUES (5);
ROLLBACK AND NO CHAIN;
SHOW transaction_isolation;
-- a read-only transaction chains read-only
BEGIN READ ONLY;
COMMIT AND CHAIN;
SHOW transaction_read_only;
INSERT INTO chain_t VALUES (6);
ROLLBACK;
-- outside a block AND CHAIN is an error, plain COMMIT a warning
COMMIT AND CHAIN;
ROLLBACK AND CHAIN;
COMMIT AND NO CHAIN;
RESET default_transaction_read_only;
-- BEGIN without a mode takes default_transaction_read_only and _deferrable
SET default_transaction_deferrable = on;
BEGIN;
SHOW transaction_deferrable;
SET TRANSACTION NOT DEFERRABLE;
SHOW transaction_deferrable;
SAVEPOINT s;
SET TRANSACTION DEFERRABLE;
ROLLBACK;
BEGIN;
SELECT 1;
SET TRANSACTION DEFERRABLE;
ROLLBACK;
RESET default_transaction_deferrable;
SET default_transaction_read_only = on;
INSERT INTO chain_t VALUES (7);
BEGIN;
SHOW transaction_read_only;
INSERT INTO chain_t VALUES (8);
ROLLBACK;
RESET default_transaction_read_only;
-- in an implicit transaction block (several statements in one query)
SELECT 1\; COMMIT AND CHAIN;
INSERT INTO chain_t VALUES (9)\; COMMIT\; INSERT INTO chain_t VALUES (10)\; COMMIT AND CHAIN;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ\; INSERT INTO chain_t VALUES (11)\; COMMIT AND CHAIN;
SHOW transaction_isolation;
COMMIT;
SELECT * FROM chain_t ORDER BY 1;
