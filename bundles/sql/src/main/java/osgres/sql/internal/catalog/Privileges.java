/*
 * Object privileges as PostgreSQL keeps and checks them (utils/acl.h, utils/adt/acl.c, catalog/aclchk.c): the
 * privilege bits and their letters, the default ACL of an object (acldefault), an ACL's text form (aclitemout:
 * {@code grantee=arwdDxt/grantor}, PUBLIC as an empty grantee, {@code *} after a privilege that may be granted on),
 * what a role holds of an ACL (aclmask), and the changes GRANT and REVOKE make (aclupdate, recursive_revoke).
 *
 * One decision is made here for every privilege check: whether a role has the privileges of another
 * ({@link #hasPrivsOfRole}): a superuser has everyone's, otherwise a role has its own and those of the roles it is
 * a member of through roles with INHERIT (RoleGraph over pg_auth_members); PUBLIC's entries count for everyone
 * (aclmask adds them itself).
 *
 * Functions and procedures keep their owner and ACL in their pg_proc row (SqlFunction.owner/acl, acldefault 'f':
 * PUBLIC may execute); checkExecute and checkFunctionOwner are pg_proc_aclcheck and pg_proc_ownercheck.
 *
 * Not here: where privileges are checked (ParsedStatement for a statement's relations and the functions it calls,
 * the GRANT command, the privilege inquiry functions), and the ACLs of databases and schemas (DatabasePrivileges).
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.SqlFunction;
import osgres.storage.AclItem;
import osgres.storage.ArrayValue;
import osgres.storage.Role;
import osgres.storage.TableDef;

public final class Privileges {
    // acl.h's bits, in the order of ACL_ALL_RIGHTS_STR
    public static final int INSERT = 1;
    public static final int SELECT = 1 << 1;
    public static final int UPDATE = 1 << 2;
    public static final int DELETE = 1 << 3;
    public static final int TRUNCATE = 1 << 4;
    public static final int REFERENCES = 1 << 5;
    public static final int TRIGGER = 1 << 6;
    public static final int EXECUTE = 1 << 7;
    public static final int USAGE = 1 << 8;
    public static final int CREATE = 1 << 9;
    public static final int CREATE_TEMP = 1 << 10;
    public static final int CONNECT = 1 << 11;
    /** ACL_ALL_RIGHTS_STR: the letter of each bit, bit 0 first. */
    private static final String LETTERS = "arwdDxtXUCTc";
    private static final String[] NAMES = {"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
        "TRIGGER", "EXECUTE", "USAGE", "CREATE", "TEMPORARY", "CONNECT"};
    public static final int ALL_RIGHTS_RELATION = INSERT | SELECT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER;
    public static final int ALL_RIGHTS_SEQUENCE = USAGE | SELECT | UPDATE;
    public static final int ALL_RIGHTS_COLUMN = INSERT | SELECT | UPDATE | REFERENCES;
    public static final int ALL_RIGHTS_FUNCTION = EXECUTE;
    /** ACL_ID_PUBLIC: the grantee PUBLIC. */
    public static final int PUBLIC = 0;

    private Privileges() {
    }

    /** privilege_to_string: a bit's keyword. */
    public static String name(int bit) {
        return NAMES[Integer.numberOfTrailingZeros(bit)];
    }

    /**
     * string_to_privilege: a privilege keyword of GRANT/REVOKE as the grammar gives it (lower case) to its bit; 0
     * for RULE (no longer a privilege), 42601 for an unknown one.
     */
    public static int parse(String keyword) {
        return switch (keyword.toLowerCase(Locale.ROOT)) {
            case "insert" -> INSERT;
            case "select" -> SELECT;
            case "update" -> UPDATE;
            case "delete" -> DELETE;
            case "truncate" -> TRUNCATE;
            case "references" -> REFERENCES;
            case "trigger" -> TRIGGER;
            case "execute" -> EXECUTE;
            case "usage" -> USAGE;
            case "create" -> CREATE;
            case "temporary", "temp" -> CREATE_TEMP;
            case "connect" -> CONNECT;
            case "rule" -> 0;
            default -> throw PgException.error(SqlState.SYNTAX_ERROR, "unrecognized privilege type \"" + keyword
                    + "\"");
        };
    }

    /** acldefault(OBJECT_TABLE or OBJECT_SEQUENCE, owner): the owner holds every privilege, PUBLIC none. */
    public static List<AclItem> defaultAcl(TableDef relation) {
        int owner = relation.acl().owner();
        return List.of(new AclItem(owner, owner, allRights(relation), 0));
    }

    /** The privileges a relation of this kind can have: a sequence's or a table's (views' included). */
    public static int allRights(TableDef relation) {
        return relation.isSequence() ? ALL_RIGHTS_SEQUENCE : ALL_RIGHTS_RELATION;
    }

    /** The relation's ACL, its default while relacl is NULL. */
    public static List<AclItem> acl(TableDef relation) {
        List<AclItem> acl = relation.acl().acl();
        return acl != null ? acl : defaultAcl(relation);
    }

    // ---- functions and procedures ------------------------------------------------------------------------

    /** acldefault(OBJECT_FUNCTION, owner): PUBLIC may execute, the owner holds every right ({=X/o,o=X/o}). */
    public static List<AclItem> defaultFunctionAcl(int owner) {
        return List.of(new AclItem(PUBLIC, owner, EXECUTE, 0), new AclItem(owner, owner, ALL_RIGHTS_FUNCTION, 0));
    }

    /** The function's ACL, its default while proacl is NULL. */
    public static List<AclItem> acl(SqlFunction function) {
        return function.acl() != null ? function.acl() : defaultFunctionAcl(function.owner());
    }

    /** pg_proc_aclmask: which of {@code mask} {@code role} holds on the function or procedure. */
    public static int functionMask(SessionServices session, SqlFunction function, int role, int mask) {
        return mask(session, acl(function), function.owner(), role, mask);
    }

    /**
     * pg_proc_aclcheck(GetUserId(), ACL_EXECUTE) with aclcheck_error: 42501 "permission denied for function f"
     * (procedure p) unless the current user may execute it.
     */
    public static void checkExecute(SessionServices session, SqlFunction function) {
        if (!session.gucs().currentUserIsSuperuser()
                && functionMask(session, function, currentUserOid(session), EXECUTE) == 0) {
            throw Messages.permissionDenied(function.kind(), function.name());
        }
    }

    /** pg_proc_ownercheck: 42501 "must be owner of function f" unless the current user has the owner's rights. */
    public static void checkFunctionOwner(SessionServices session, SqlFunction function) {
        checkOwner(session, function.kind(), function.name(), function.owner());
    }

    /** An ownership check of a routine: 42501 "must be owner of {@code kind} {@code name}". */
    public static void checkOwner(SessionServices session, String kind, String name, int owner) {
        if (!currentUserHasPrivsOf(session, owner)) {
            throw Messages.mustBeOwner(kind, name);
        }
    }

    /**
     * ExecInitAgg's pg_proc_aclcheck of the aggregate: 42501 "permission denied for aggregate a" unless the current
     * user may execute it.
     */
    public static void checkExecute(SessionServices session, osgres.sql.internal.utils.AggregateDefinition a) {
        List<AclItem> acl = a.acl() != null ? a.acl() : defaultFunctionAcl(a.owner());
        if (!session.gucs().currentUserIsSuperuser()
                && mask(session, acl, a.owner(), currentUserOid(session), EXECUTE) == 0) {
            throw Messages.permissionDenied("aggregate", a.name());
        }
    }

    /**
     * An ACL as a catalog row stores it (a text column of the SQL layer's own catalog relations): the items as
     * {@code grantee:grantor:privileges:options} by role oid, comma-separated, so a renamed role stays the same
     * role; null for the default ACL, an empty string for an empty one.
     */
    public static String storedForm(List<AclItem> acl) {
        if (acl == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (AclItem item : acl) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(Integer.toUnsignedString(item.grantee())).append(':')
                    .append(Integer.toUnsignedString(item.grantor())).append(':').append(item.privileges())
                    .append(':').append(item.grantOptions());
        }
        return out.toString();
    }

    /** The ACL of {@link #storedForm}. */
    public static List<AclItem> fromStoredForm(String stored) {
        if (stored == null) {
            return null;
        }
        List<AclItem> acl = new ArrayList<>();
        for (String item : stored.isEmpty() ? new String[0] : stored.split(",")) {
            String[] f = item.split(":");
            acl.add(new AclItem(Integer.parseUnsignedInt(f[0]), Integer.parseUnsignedInt(f[1]),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        return List.copyOf(acl);
    }

    // ---- roles -------------------------------------------------------------------------------------------

    /**
     * has_privs_of_role: does {@code member} hold the privileges of {@code role}? Every check asks it here: a role
     * has its own, a superuser everyone's, a member those of the roles it inherits from; the current database's
     * owner (datdba) is implicitly a member of pg_database_owner.
     */
    public static boolean hasPrivsOfRole(SessionServices session, int member, int role) {
        return session.gucs().roleGraph().hasPrivsOfRole(member, role,
                DatabasePrivileges.currentDatabaseOwner(session));
    }

    /** has_privs_of_role(GetUserId(), role); the session's own superuser flag decides for a superuser. */
    public static boolean currentUserHasPrivsOf(SessionServices session, int role) {
        return session.gucs().currentUserIsSuperuser() || hasPrivsOfRole(session, currentUserOid(session), role);
    }

    /** superuser_arg. */
    public static boolean isSuperuser(SessionServices session, int role) {
        return session.gucs().roleGraph().isSuperuser(role);
    }

    /** GetUserId(): the current user's oid (SET ROLE's, else the session user's). */
    public static int currentUserOid(SessionServices session) {
        return session.gucs().currentUserOid();
    }

    public static Optional<Role> roleByOid(SessionServices session, int oid) {
        return session.gucs().roleGraph().role(oid);
    }

    // ---- aclmask -------------------------------------------------------------------------------------------

    /**
     * aclmask of the privileges in {@code mask}: those {@code role} holds through {@code acl} (its own entries,
     * PUBLIC's and those of the roles it has the privileges of); all of them for a superuser.
     */
    public static int mask(SessionServices session, List<AclItem> acl, int owner, int role, int mask) {
        if (isSuperuser(session, role)) {
            return mask;
        }
        int held = 0;
        for (AclItem item : acl) {
            if (item.grantee() == PUBLIC || item.grantee() == role) {
                held |= item.privileges() & mask;
            }
        }
        for (AclItem item : acl) {
            if ((held & mask) == mask) {
                break;
            }
            if (item.grantee() != PUBLIC && item.grantee() != role
                    && hasPrivsOfRole(session, role, item.grantee())) {
                held |= item.privileges() & mask;
            }
        }
        return held;
    }

    /** The grant options of {@code mask} {@code role} holds: all of them for the owner (and whoever has its). */
    public static int grantOptions(SessionServices session, List<AclItem> acl, int owner, int role, int mask) {
        if (hasPrivsOfRole(session, role, owner)) {
            return mask;
        }
        int held = 0;
        for (AclItem item : acl) {
            if (item.grantee() == role || (item.grantee() != PUBLIC && hasPrivsOfRole(session, role, item.grantee()))) {
                held |= item.grantOptions() & mask;
            }
        }
        return held;
    }

    /** ROLE_PG_READ_ALL_DATA and ROLE_PG_WRITE_ALL_DATA (pg_authid.dat). */
    private static final int PG_READ_ALL_DATA = 6181;
    private static final int PG_WRITE_ALL_DATA = 6182;
    private static final int WRITES = INSERT | UPDATE | DELETE;

    /**
     * pg_class_aclmask: which of {@code mask} {@code role} holds on {@code relation}, through its ACL or, for
     * SELECT, pg_read_all_data and, for INSERT/UPDATE/DELETE, pg_write_all_data.
     */
    public static int relationMask(SessionServices session, TableDef relation, int role, int mask) {
        int held = mask(session, acl(relation), relation.acl().owner(), role, mask);
        if ((mask & SELECT) != 0 && (held & SELECT) == 0 && hasPrivsOfRole(session, role, PG_READ_ALL_DATA)) {
            held |= SELECT;
        }
        if ((mask & WRITES) != 0 && (held & WRITES) == 0 && hasPrivsOfRole(session, role, PG_WRITE_ALL_DATA)) {
            held |= mask & WRITES;
        }
        return held;
    }

    /** The privileges of {@code mask} {@code role} holds on column {@code attnum} through the column's own ACL. */
    public static int columnMask(SessionServices session, TableDef relation, int attnum, int role, int mask) {
        List<AclItem> columnAcl = relation.acl().columnAcls().get(attnum);
        return columnAcl == null ? 0 : mask(session, columnAcl, relation.acl().owner(), role, mask);
    }

    /**
     * pg_attribute_aclcheck_all(ACLMASK_ANY): does {@code role} hold one of {@code mask} on the relation or on any
     * of its columns?
     */
    public static boolean anyColumn(SessionServices session, TableDef relation, int role, int mask) {
        if (relationMask(session, relation, role, mask) != 0) {
            return true;
        }
        for (int attnum : relation.acl().columnAcls().keySet()) {
            if (columnMask(session, relation, attnum, role, mask) != 0) {
                return true;
            }
        }
        return false;
    }

    // ---- GRANT and REVOKE ----------------------------------------------------------------------------------

    /**
     * aclupdate for GRANT: {@code grantee} gets {@code privileges} from {@code grantor} (and their grant options
     * with WITH GRANT OPTION), added to an entry the two already have or in a new one at the end.
     */
    public static List<AclItem> grant(List<AclItem> acl, int grantee, int grantor, int privileges,
                                      boolean grantOption) {
        List<AclItem> result = new ArrayList<>(acl);
        int options = grantOption ? privileges : 0;
        for (int i = 0; i < result.size(); i++) {
            AclItem item = result.get(i);
            if (item.grantee() == grantee && item.grantor() == grantor) {
                result.set(i, new AclItem(grantee, grantor, item.privileges() | privileges,
                        item.grantOptions() | options));
                return result;
            }
        }
        if (privileges != 0) {
            result.add(new AclItem(grantee, grantor, privileges, options));
        }
        return result;
    }

    /**
     * aclupdate for REVOKE: {@code grantee}'s entry from {@code grantor} loses {@code privileges} (only their grant
     * options with GRANT OPTION FOR); an entry left with nothing goes. Grant options lost are taken back from what
     * the grantee granted with them (recursive_revoke): with RESTRICT that is 2BP01 "dependent privileges exist".
     */
    public static List<AclItem> revoke(SessionServices session, List<AclItem> acl, int owner, int grantee,
                                       int grantor, int privileges, boolean grantOptionOnly, boolean cascade) {
        List<AclItem> result = new ArrayList<>(acl);
        int lostOptions = 0;
        for (int i = 0; i < result.size(); i++) {
            AclItem item = result.get(i);
            if (item.grantee() == grantee && item.grantor() == grantor) {
                int keptPrivileges = grantOptionOnly ? item.privileges() : item.privileges() & ~privileges;
                int keptOptions = item.grantOptions() & ~privileges;
                lostOptions = item.grantOptions() & ~keptOptions;
                if (keptPrivileges == 0 && keptOptions == 0) {
                    result.remove(i);
                } else {
                    result.set(i, new AclItem(grantee, grantor, keptPrivileges, keptOptions));
                }
                break;
            }
        }
        if (lostOptions != 0 && grantee != PUBLIC) {
            result = recursiveRevoke(session, result, owner, grantee, lostOptions, cascade);
        }
        return result;
    }

    private static List<AclItem> recursiveRevoke(SessionServices session, List<AclItem> acl, int owner, int grantee,
                                                 int options, boolean cascade) {
        if (grantee == owner) {
            return acl; // the owner never loses its grant options
        }
        int stillHeld = 0;
        for (AclItem item : acl) {
            if (item.grantee() == grantee) {
                stillHeld |= item.grantOptions() & options;
            }
        }
        int lost = options & ~stillHeld;
        if (lost == 0) {
            return acl;
        }
        List<AclItem> result = acl;
        for (AclItem item : acl) {
            if (item.grantor() == grantee && (item.privileges() & lost) != 0) {
                if (!cascade) {
                    throw PgException.error(SqlState.DEPENDENT_PRIVILEGE_DESCRIPTORS_STILL_EXIST,
                            "dependent privileges exist").withHint("Use CASCADE to revoke them too.");
                }
                result = revoke(session, result, owner, item.grantee(), grantee, lost, false, true);
            }
        }
        return result;
    }

    // ---- text form -----------------------------------------------------------------------------------------

    /** aclitemout: {@code grantee=privileges/grantor}, a name quoted as an identifier needs, an unknown role's oid. */
    public static String itemText(SessionServices session, AclItem item) {
        StringBuilder out = new StringBuilder();
        if (item.grantee() != PUBLIC) {
            out.append(roleText(session, item.grantee()));
        }
        out.append('=');
        for (int bit = 0; bit < LETTERS.length(); bit++) {
            if ((item.privileges() & (1 << bit)) != 0) {
                out.append(LETTERS.charAt(bit));
                if ((item.grantOptions() & (1 << bit)) != 0) {
                    out.append('*');
                }
            }
        }
        return out.append('/').append(roleText(session, item.grantor())).toString();
    }

    private static String roleText(SessionServices session, int oid) {
        Optional<Role> role = roleByOid(session, oid);
        return role.isPresent() ? putId(role.get().name()) : Integer.toUnsignedString(oid);
    }

    /** putid: a name in double quotes unless it is only letters, digits and underscores (quotes doubled). */
    private static String putId(String name) {
        boolean safe = !name.isEmpty();
        for (int i = 0; i < name.length() && safe; i++) {
            char c = name.charAt(i);
            safe = (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
        }
        return safe ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * aclitemin of the text form: {@code grantee=privileges/grantor} (an empty grantee is PUBLIC, a name may be
     * quoted, a role no longer there is its oid); 22P02 for text that is no aclitem, 42704 for an unknown role.
     */
    public static AclItem parseItem(SessionServices session, String text) {
        int[] at = {0};
        String grantee = readName(text, at);
        if (at[0] >= text.length() || text.charAt(at[0]) != '=') {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "missing \"=\" sign");
        }
        at[0]++;
        int privileges = 0;
        int options = 0;
        int last = 0;
        while (at[0] < text.length() && text.charAt(at[0]) != '/') {
            char c = text.charAt(at[0]++);
            if (c == '*') {
                options |= last;
                continue;
            }
            int bit = LETTERS.indexOf(c);
            if (bit < 0) {
                throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid mode character: must be one of \""
                        + LETTERS + "\"");
            }
            last = 1 << bit;
            privileges |= last;
        }
        at[0]++;
        String grantor = readName(text, at);
        return new AclItem(grantee.isEmpty() ? PUBLIC : roleOid(session, grantee), roleOid(session, grantor),
                privileges, options);
    }

    private static String readName(String text, int[] at) {
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        while (at[0] < text.length()) {
            char c = text.charAt(at[0]);
            if (c == '"') {
                if (quoted && at[0] + 1 < text.length() && text.charAt(at[0] + 1) == '"') {
                    name.append('"');
                    at[0] += 2;
                    continue;
                }
                quoted = !quoted;
                at[0]++;
                continue;
            }
            if (!quoted && (c == '=' || c == '/')) {
                break;
            }
            name.append(c);
            at[0]++;
        }
        return name.toString();
    }

    private static int roleOid(SessionServices session, String name) {
        Optional<Role> role = session.gucs().roleGraph().role(name);
        if (role.isPresent()) {
            return role.get().oid();
        }
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return Integer.parseUnsignedInt(name);
        }
        throw PgException.error(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
    }

    /** An ACL as aclitem[] (relacl, attacl), null for none. */
    public static ArrayValue array(SessionServices session, List<AclItem> acl) {
        if (acl == null) {
            return null;
        }
        Object[] items = new Object[acl.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = itemText(session, acl.get(i));
        }
        return ArrayValue.of(PgType.ACLITEM.oid(), items);
    }
}
