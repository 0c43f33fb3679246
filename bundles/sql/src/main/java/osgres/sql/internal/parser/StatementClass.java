/*
 * A statement's class for log_statement: PostgreSQL's GetCommandLogLevel (tcop/utility.c). CREATE, ALTER, DROP,
 * GRANT and COMMENT are DDL; INSERT, UPDATE, DELETE, MERGE, TRUNCATE and COPY FROM are MOD; everything else
 * (SELECT, COPY TO, SET, transaction control, VACUUM, CHECKPOINT, LOCK...) is ALL; EXPLAIN ANALYZE of a MOD
 * statement is MOD. Not done: EXECUTE of a prepared MOD statement is MOD in PostgreSQL and ALL here.
 */
package osgres.sql.internal.parser;

import osgres.sql.LogStatement;

public final class StatementClass {

    private StatementClass() {
    }

    public static LogStatement of(RawParser.RawStatement raw) {
        if (raw == null) {
            return LogStatement.ALL;
        }
        if (raw.utility() != null) {
            return of(raw.utility());
        }
        osgres.pgquery.tree.PgQuery.Node node = raw.pgNode();
        if (node == null) {
            return LogStatement.ALL;
        }
        if (node.hasExplainStmt()) {
            node = node.getExplainStmt().getQuery(); // EXPLAIN ANALYZE of a MOD statement runs it: MOD
            boolean analyze = false;
            for (osgres.pgquery.tree.PgQuery.Node option : raw.pgNode().getExplainStmt().getOptionsList()) {
                analyze |= option.getDefElem().getDefname().equals("analyze");
            }
            if (!analyze) {
                return LogStatement.ALL;
            }
        }
        return RawParser.isModify(node) ? LogStatement.MOD : LogStatement.ALL;
    }

    private static LogStatement of(UtilityCommand command) {
        return switch (command) {
            case UtilityCommand.CreateTable c -> LogStatement.DDL;
            case UtilityCommand.CreateTableAs c -> LogStatement.DDL;
            case UtilityCommand.DropTable d -> LogStatement.DDL;
            case UtilityCommand.CreateView c -> LogStatement.DDL;
            case UtilityCommand.DropView d -> LogStatement.DDL;
            case UtilityCommand.RenameView r -> LogStatement.DDL;
            case UtilityCommand.RenameIndex r -> LogStatement.DDL;
            case UtilityCommand.AddConstraint a -> LogStatement.DDL;
            case UtilityCommand.AddColumn a -> LogStatement.DDL;
            case UtilityCommand.AlterTable a -> LogStatement.DDL;
            case UtilityCommand.SetStorageParameters p -> LogStatement.DDL;
            case UtilityCommand.CreateIndex c -> LogStatement.DDL;
            case UtilityCommand.Reindex r -> LogStatement.DDL;
            case UtilityCommand.DropIndex d -> LogStatement.DDL;
            case UtilityCommand.CreateSequence c -> LogStatement.DDL;
            case UtilityCommand.AlterSequence a -> LogStatement.DDL;
            case UtilityCommand.DropSequence d -> LogStatement.DDL;
            case UtilityCommand.SetColumnDefault d -> LogStatement.DDL;
            case UtilityCommand.CreateDatabase c -> LogStatement.DDL;
            case UtilityCommand.DropDatabase d -> LogStatement.DDL;
            case UtilityCommand.CreateRole c -> LogStatement.DDL;
            case UtilityCommand.DropRole d -> LogStatement.DDL;
            case UtilityCommand.AlterRole a -> LogStatement.DDL;
            case UtilityCommand.RenameRole r -> LogStatement.DDL;
            case UtilityCommand.GrantRole g -> LogStatement.DDL;
            case UtilityCommand.AlterRoleSet a -> LogStatement.DDL;
            case UtilityCommand.ReassignOwned r -> LogStatement.DDL;
            case UtilityCommand.DropOwned d -> LogStatement.DDL;
            case UtilityCommand.Truncate t -> LogStatement.MOD;
            case UtilityCommand.Copy copy -> copy.from() ? LogStatement.MOD : LogStatement.ALL;
            default -> LogStatement.ALL;
        };
    }
}
