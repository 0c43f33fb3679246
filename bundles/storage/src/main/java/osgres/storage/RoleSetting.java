package osgres.storage;

import java.util.List;

/**
 * A row of pg_db_role_setting (pg_db_role_setting.h): the {@code name=value} settings ALTER ROLE ... SET and ALTER
 * DATABASE ... SET keep for a role in a database, a role everywhere ({@code databaseOid} 0) or a database for every
 * role ({@code roleOid} 0), applied when such a session starts.
 */
public record RoleSetting(int databaseOid, int roleOid, List<String> config) {
}
