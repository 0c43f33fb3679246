package osgres.walsender.internal;

import java.util.List;

/** A parsed replication command (repl_gram.y's nodes in replnodes.h). */
sealed interface ReplicationCommand {

    /** A generic option {@code name [value]}: the name lower-cased, the value text or null when absent. */
    record Option(String name, String value) {

        /** defGetBoolean: no value is true; 42601 {@code %s requires a Boolean value} for anything else. */
        boolean asBoolean() {
            if (value == null) {
                return true;
            }
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "on", "1", "yes", "t", "y" -> true;
                case "false", "off", "0", "no", "f", "n" -> false;
                default -> throw osgres.api.PgException.error(osgres.api.SqlState.SYNTAX_ERROR,
                        name + " requires a Boolean value");
            };
        }
    }

    record IdentifySystem() implements ReplicationCommand {
    }

    record Show(String name) implements ReplicationCommand {
    }

    record TimelineHistory(long timeline) implements ReplicationCommand {
    }

    record ReadReplicationSlot(String slot) implements ReplicationCommand {
    }

    /** CREATE_REPLICATION_SLOT; {@code plugin} is null for a physical slot. */
    record CreateReplicationSlot(String slot, boolean temporary, String plugin, List<Option> options)
            implements ReplicationCommand {
    }

    record DropReplicationSlot(String slot, boolean waitForRelease) implements ReplicationCommand {
    }

    /** START_REPLICATION; {@code slot} null without SLOT, {@code timeline} 0 without TIMELINE. */
    record StartReplication(String slot, boolean logical, long startLsn, long timeline, List<Option> options)
            implements ReplicationCommand {
    }

    record BaseBackup(List<Option> options) implements ReplicationCommand {
    }
}
