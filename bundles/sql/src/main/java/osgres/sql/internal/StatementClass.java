/*
 * A statement's class for log_statement: PostgreSQL's GetCommandLogLevel (tcop/utility.c). CREATE, ALTER, DROP,
 * GRANT and COMMENT are DDL; INSERT, UPDATE, DELETE, MERGE, TRUNCATE and COPY FROM are MOD; everything else
 * (SELECT, COPY TO, SET, transaction control, VACUUM, CHECKPOINT, LOCK...) is ALL. Not done: EXPLAIN ANALYZE of a
 * MOD statement and EXECUTE of a prepared MOD statement are MOD in PostgreSQL and ALL here.
 */
package osgres.sql.internal;

import osgres.sql.LogStatement;

final class StatementClass {

    private StatementClass() {
    }

    static LogStatement of(RawParser.RawStatement raw) {
        if (raw == null) {
            return LogStatement.ALL;
        }
        if (raw.utility() != null) {
            return of(raw.utility());
        }
        if (raw.pgNode() != null || raw.tree() == null) {
            return LogStatement.ALL; // queries: SELECT, VALUES, WITH ... SELECT
        }
        String kind = raw.tree().getClass().getName();
        if (kind.startsWith("net.sf.jsqlparser.statement.insert.")
                || kind.startsWith("net.sf.jsqlparser.statement.update.")
                || kind.startsWith("net.sf.jsqlparser.statement.delete.")
                || kind.startsWith("net.sf.jsqlparser.statement.merge.")
                || kind.startsWith("net.sf.jsqlparser.statement.upsert.")
                || kind.startsWith("net.sf.jsqlparser.statement.truncate.")) {
            return LogStatement.MOD;
        }
        if (kind.startsWith("net.sf.jsqlparser.statement.create.")
                || kind.startsWith("net.sf.jsqlparser.statement.alter.")
                || kind.startsWith("net.sf.jsqlparser.statement.drop.")
                || kind.startsWith("net.sf.jsqlparser.statement.grant.")
                || kind.startsWith("net.sf.jsqlparser.statement.comment.")) {
            return LogStatement.DDL;
        }
        return LogStatement.ALL;
    }

    private static LogStatement of(UtilityCommand command) {
        return switch (command) {
            case UtilityCommand.CreateTable c -> LogStatement.DDL;
            case UtilityCommand.CreateTableAs c -> LogStatement.DDL;
            case UtilityCommand.DropTable d -> LogStatement.DDL;
            case UtilityCommand.CreateView c -> LogStatement.DDL;
            case UtilityCommand.DropView d -> LogStatement.DDL;
            case UtilityCommand.RenameView r -> LogStatement.DDL;
            case UtilityCommand.AddConstraint a -> LogStatement.DDL;
            case UtilityCommand.AddColumn a -> LogStatement.DDL;
            case UtilityCommand.SetStorageParameters p -> LogStatement.DDL;
            case UtilityCommand.CreateIndex c -> LogStatement.DDL;
            case UtilityCommand.DropIndex d -> LogStatement.DDL;
            case UtilityCommand.CreateSequence c -> LogStatement.DDL;
            case UtilityCommand.AlterSequence a -> LogStatement.DDL;
            case UtilityCommand.DropSequence d -> LogStatement.DDL;
            case UtilityCommand.SetColumnDefault d -> LogStatement.DDL;
            case UtilityCommand.CreateDatabase c -> LogStatement.DDL;
            case UtilityCommand.DropDatabase d -> LogStatement.DDL;
            case UtilityCommand.CreateRole c -> LogStatement.DDL;
            case UtilityCommand.DropRole d -> LogStatement.DDL;
            case UtilityCommand.Truncate t -> LogStatement.MOD;
            case UtilityCommand.Copy copy -> copy.from() ? LogStatement.MOD : LogStatement.ALL;
            default -> LogStatement.ALL;
        };
    }
}
