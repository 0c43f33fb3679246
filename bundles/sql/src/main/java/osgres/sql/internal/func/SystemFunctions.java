/*
 * The system information and administration functions clients and tools call that need no catalog relation of
 * their own (PostgreSQL's utils/adt/dbsize.c, acl.c, misc.c, name.c, network.c, xid8funcs.c, utils/mb/mbutils.c):
 * pg_size_pretty/pg_size_bytes, the relation and database sizes, pg_is_in_recovery, the server's start and
 * configuration load times, inet_client_addr/port and inet_server_port, current_schema(s), the encoding names,
 * pg_get_userbyid, the has_*_privilege family (pg_has_role is RoleFunctions'), and txid_current/pg_current_xact_id.
 *
 * Privileges: has_table_privilege, has_sequence_privilege, has_column_privilege and has_any_column_privilege read
 * the relation's and its columns' ACLs (catalog/Privileges), has_function_privilege a user function's, aclexplode lists an ACL; the other objects keep no ACL
 * yet, so the other has_*_privilege functions check what PostgreSQL checks before the ACL (the role, the object and
 * the privilege names exist, with PostgreSQL's errors) and then answer true. Schemas: osgres has pg_catalog, public, information_schema and pg_toast only. Not done: inet_server_addr (the session does not know its socket's
 * local address), the TOAST, free space and visibility map forks in the relation sizes (osgres has no such files),
 * and the argument types of a built-in function in has_function_privilege's signature (only its name is looked
 * up: built-ins keep their default ACL, PUBLIC may execute them). The
 * xact-id functions return xid8 (txid_current bigint), whose ids are the engine's 64-bit ones.
 */
package osgres.sql.internal.func;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import osgres.api.ChildInfo;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.DatabasePrivileges;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ArrayValue;
import osgres.storage.IndexDef;
import osgres.storage.NumericSpecial;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class SystemFunctions {
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType NAME = PgType.NAME;
    private static final PgType OID = PgType.OID;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType INT8 = PgType.INT8;

    /**
     * dbsize.c's size_pretty_units: a value is shown in the first unit whose limit its absolute value (in the
     * previous unit, before half-rounding) is below; PB takes everything larger.
     */
    private record SizeUnit(String name, long limit, boolean round, int bits) {
    }

    private static final List<SizeUnit> SIZE_UNITS = List.of(new SizeUnit("bytes", 10 * 1024, false, 0),
            new SizeUnit("kB", 20 * 1024 - 1, true, 10), new SizeUnit("MB", 20 * 1024 - 1, true, 20),
            new SizeUnit("GB", 20 * 1024 - 1, true, 30), new SizeUnit("TB", 20 * 1024 - 1, true, 40),
            new SizeUnit("PB", 20 * 1024 - 1, true, 50));

    /** pg_enc2name_tbl: encoding number to name, by number (UTF8 is 6). */
    private static final List<String> ENCODINGS = List.of("SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW",
            "EUC_JIS_2004", "UTF8", "MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6",
            "LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251",
            "WIN1252", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254",
            "WIN1255", "WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004");

    /** pg_encname_tbl's aliases (cleaned: lower-case letters and digits) that are not an ENCODINGS name cleaned. */
    private static final Map<String, String> ENCODING_ALIASES = Map.ofEntries(Map.entry("abc", "WIN1258"),
            Map.entry("alt", "WIN866"), Map.entry("iso88591", "LATIN1"), Map.entry("iso885910", "LATIN6"),
            Map.entry("iso885913", "LATIN7"), Map.entry("iso885914", "LATIN8"), Map.entry("iso885915", "LATIN9"),
            Map.entry("iso885916", "LATIN10"), Map.entry("iso88592", "LATIN2"), Map.entry("iso88593", "LATIN3"),
            Map.entry("iso88594", "LATIN4"), Map.entry("iso88599", "LATIN5"), Map.entry("koi8", "KOI8R"),
            Map.entry("mskanji", "SJIS"), Map.entry("shiftjis", "SJIS"), Map.entry("tcvn", "WIN1258"),
            Map.entry("tcvn5712", "WIN1258"), Map.entry("unicode", "UTF8"), Map.entry("vscii", "WIN1258"),
            Map.entry("win", "WIN1251"), Map.entry("win932", "SJIS"), Map.entry("win936", "GBK"),
            Map.entry("win949", "UHC"), Map.entry("win950", "BIG5"), Map.entry("windows1250", "WIN1250"),
            Map.entry("windows1251", "WIN1251"), Map.entry("windows1252", "WIN1252"),
            Map.entry("windows1253", "WIN1253"), Map.entry("windows1254", "WIN1254"),
            Map.entry("windows1255", "WIN1255"), Map.entry("windows1256", "WIN1256"),
            Map.entry("windows1257", "WIN1257"), Map.entry("windows1258", "WIN1258"),
            Map.entry("windows866", "WIN866"), Map.entry("windows874", "WIN874"), Map.entry("windows932", "SJIS"),
            Map.entry("windows936", "GBK"), Map.entry("windows949", "UHC"), Map.entry("windows950", "BIG5"));

    /** The schemas osgres has (pg_namespace's rows after initdb, without pg_temp/pg_toast_temp): name and oid. */
    private static final Map<String, Long> SCHEMAS = Map.of("pg_catalog", 11L, "public", 2200L, "pg_toast", 99L,
            "information_schema", 13000L);

    /** acl.c's priv_map tables, upper case; "WITH GRANT OPTION" variants are accepted for each (see privileges). */
    private static final List<String> TABLE_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
            "REFERENCES", "TRIGGER", "RULE");
    private static final List<String> SEQUENCE_PRIVILEGES = List.of("USAGE", "SELECT", "UPDATE");
    private static final List<String> USAGE_PRIVILEGES = List.of("USAGE");
    private static final List<String> COLUMN_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "REFERENCES");
    private static final List<String> DATABASE_PRIVILEGES = List.of("CREATE", "TEMPORARY", "TEMP", "CONNECT");
    private static final List<String> FUNCTION_PRIVILEGES = List.of("EXECUTE");
    private static final List<String> SCHEMA_PRIVILEGES = List.of("CREATE", "USAGE");

    private SystemFunctions() {
    }

    /** Registers the functions; {@code stable} ones are strict, as their pg_proc entries are. */
    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        strict.define("pg_size_pretty", List.of(INT8), TEXT, (ctx, a) -> sizePretty((Long) a[0]));
        strict.define("pg_size_pretty", List.of(PgType.NUMERIC), TEXT, (ctx, a) -> sizePrettyNumeric(a[0]));
        strict.define("pg_size_bytes", List.of(TEXT), INT8, (ctx, a) -> sizeBytes((String) a[0]));
        strict.define("pg_is_in_recovery", List.of(), BOOL,
                (ctx, a) -> ctx.session().storage().recoveryStatus().inRecovery());
        // pg_options_to_table(reloptions): one (option_name, option_value) row per name=value (Functions.pairColumns)
        registrar.define("pg_options_to_table", List.of(PgType.TEXT_ARRAY), TEXT, true, true, false, (ctx, a) -> {
            List<Object[]> rows = new ArrayList<>();
            osgres.storage.ArrayValue options = (osgres.storage.ArrayValue) a[0];
            for (int i = 0; i < options.size(); i++) {
                String option = (String) options.get(i);
                int eq = option == null ? -1 : option.indexOf('=');
                rows.add(eq < 0 ? new Object[] {option, null}
                        : new Object[] {option.substring(0, eq), option.substring(eq + 1)});
            }
            return rows;
        });
        strict.define("pg_get_partkeydef", List.of(PgType.OID), TEXT,
                (ctx, a) -> osgres.sql.internal.catalog.PartitionCatalog.keyDefinition(ctx.session(), (Long) a[0]));
        // aclexplode(aclitem[]): one (grantor, grantee, privilege_type, is_grantable) row per privilege of each item
        registrar.define("aclexplode", List.of(PgType.ACLITEM_ARRAY), PgType.TEXT, true, true, false, (ctx, a) -> {
            List<Object[]> rows = new ArrayList<>();
            ArrayValue acl = (ArrayValue) a[0];
            for (int i = 0; i < acl.size(); i++) {
                osgres.storage.AclItem item = Privileges.parseItem(ctx.session(), (String) acl.get(i));
                for (int bit = 0; bit < 12; bit++) {
                    if ((item.privileges() & (1 << bit)) != 0) {
                        rows.add(new Object[] {item.grantor() & 0xFFFFFFFFL, item.grantee() & 0xFFFFFFFFL,
                            Privileges.name(1 << bit), (item.grantOptions() & (1 << bit)) != 0});
                    }
                }
            }
            return rows;
        });
        strict.define("acldefault", List.of(PgType.CHAR, PgType.OID), PgType.ACLITEM_ARRAY,
                (ctx, a) -> aclDefault(ctx, (String) a[0], (Long) a[1]));
        strict.define("pg_postmaster_start_time", List.of(), PgType.TIMESTAMPTZ,
                (ctx, a) -> ctx.session().setup().postmaster().status().started());
        // PgReloadTime: osgres keeps no time of the last SIGHUP, so the time the server read its configuration first
        strict.define("pg_conf_load_time", List.of(), PgType.TIMESTAMPTZ,
                (ctx, a) -> ctx.session().setup().postmaster().status().started());
        strict.define("inet_client_addr", List.of(), PgType.INET, (ctx, a) -> {
            ChildInfo me = self(ctx);
            return me == null || me.clientPort() == null || me.clientPort() < 0 ? null : me.clientAddress();
        });
        strict.define("inet_client_port", List.of(), PgType.INT4, (ctx, a) -> {
            ChildInfo me = self(ctx);
            return me == null || me.clientPort() == null || me.clientPort() < 0 ? null : me.clientPort();
        });
        strict.define("current_schemas", List.of(BOOL), PgType.NAME_ARRAY,
                (ctx, a) -> ArrayValue.of(PgType.NAME.oid(), searchPath(ctx, (Boolean) a[0])));
        strict.define("getdatabaseencoding", List.of(), NAME, (ctx, a) -> "UTF8");
        strict.define("pg_client_encoding", List.of(), NAME,
                (ctx, a) -> ctx.session().gucs().show("client_encoding"));
        strict.define("pg_encoding_to_char", List.of(PgType.INT4), NAME, (ctx, a) -> {
            int encoding = (Integer) a[0];
            return encoding >= 0 && encoding < ENCODINGS.size() ? ENCODINGS.get(encoding) : "";
        });
        strict.define("pg_char_to_encoding", List.of(NAME), PgType.INT4, (ctx, a) -> encodingNumber((String) a[0]));
        strict.define("pg_get_userbyid", List.of(OID), NAME, (ctx, a) -> userName(ctx, (Long) a[0]));
        defineSizes(strict);
        defineTransactionIds(strict);
        definePrivileges(strict);
    }

    /**
     * acldefault(objtype, owner) of acl.c: the privileges an object of that kind has while its ACL is NULL, the
     * world's entry first (functions, languages, types, databases), then the owner's; a role no longer there is
     * named by its oid.
     */
    private static osgres.storage.ArrayValue aclDefault(ExecContext ctx, String type, long owner) {
        String[] rights = switch (type) {
            case "c" -> new String[] {null, null};
            case "r" -> new String[] {null, "arwdDxt"};
            case "s" -> new String[] {null, "rwU"};
            case "d" -> new String[] {"Tc", "CTc"};
            case "f" -> new String[] {"X", "X"};
            case "l", "T" -> new String[] {"U", "U"};
            case "L" -> new String[] {null, "rw"};
            case "n" -> new String[] {null, "UC"};
            case "t" -> new String[] {null, "C"};
            case "F", "S" -> new String[] {null, "U"};
            case "p" -> new String[] {null, "sA"};
            default -> throw PgException.error("XX000", "unrecognized objtype abbreviation: " + type);
        };
        String name = osgres.sql.internal.catalog.SystemCatalogs.userName(ctx.session(), owner);
        name = name.startsWith("unknown (OID=") ? Long.toString(owner) : RegClass.quoteIdentifier(name);
        List<Object> items = new java.util.ArrayList<>();
        if (rights[0] != null) {
            items.add("=" + rights[0] + "/" + name);
        }
        if (rights[1] != null) {
            items.add(name + "=" + rights[1] + "/" + name);
        }
        return osgres.storage.ArrayValue.of(PgType.ACLITEM.oid(), items.toArray());
    }

    private static void defineSizes(BuiltinFunctions.Definer strict) {
        PgType regclass = PgType.REGCLASS;
        strict.define("pg_relation_size", List.of(regclass), INT8, (ctx, a) -> forkSize(ctx, (RegClass) a[0], "main"));
        strict.define("pg_relation_size", List.of(regclass, TEXT), INT8,
                (ctx, a) -> forkSize(ctx, (RegClass) a[0], (String) a[1]));
        strict.define("pg_table_size", List.of(regclass), INT8,
                (ctx, a) -> relationSizes(ctx, (RegClass) a[0], true, false));
        strict.define("pg_indexes_size", List.of(regclass), INT8,
                (ctx, a) -> relationSizes(ctx, (RegClass) a[0], false, true));
        strict.define("pg_total_relation_size", List.of(regclass), INT8,
                (ctx, a) -> relationSizes(ctx, (RegClass) a[0], true, true));
        strict.define("pg_database_size", List.of(NAME), INT8, (ctx, a) -> {
            String name = (String) a[0];
            OptionalInt oid = ctx.session().storage().databaseOid(name);
            if (oid.isEmpty()) {
                throw Messages.unknownDatabase(name);
            }
            return directorySize(dataDirectory(ctx).resolve("base").resolve(Integer.toString(oid.getAsInt())));
        });
        strict.define("pg_database_size", List.of(OID), INT8, (ctx, a) -> {
            Path dir = dataDirectory(ctx).resolve("base").resolve(Long.toString((Long) a[0]));
            // calculate_database_size of a missing oid: no directory, so nothing (PostgreSQL gives null too)
            return databaseName(ctx, (Long) a[0]) == null ? null : directorySize(dir);
        });
        // pg_default and pg_global live in the data directory: an empty location, as PostgreSQL shows them
        strict.define("pg_tablespace_location", List.of(OID), TEXT, (ctx, a) -> {
            long oid = (Long) a[0];
            if (oid == 0 || oid == 1663 || oid == 1664) {
                return "";
            }
            throw Messages.tablespaceEntryMissing(oid);
        });
        strict.define("pg_tablespace_size", List.of(NAME), INT8, (ctx, a) -> switch ((String) a[0]) {
            case "pg_default" -> directorySize(dataDirectory(ctx).resolve("base"));
            case "pg_global" -> directorySize(dataDirectory(ctx).resolve("global"));
            default -> throw Messages.unknownTablespace((String) a[0]);
        });
    }

    private static void defineTransactionIds(BuiltinFunctions.Definer strict) {
        strict.define("txid_current", List.of(), INT8, (ctx, a) -> ctx.session().transaction().assignXid());
        strict.define("pg_current_xact_id", List.of(), PgType.XID8, (ctx, a) -> ctx.session().transaction().assignXid());
        strict.define("txid_current_if_assigned", List.of(), INT8, (ctx, a) -> assignedXid(ctx));
        strict.define("pg_current_xact_id_if_assigned", List.of(), PgType.XID8, (ctx, a) -> assignedXid(ctx));
        strict.define("xid8cmp", List.of(PgType.XID8, PgType.XID8), PgType.INT4,
                (ctx, a) -> Integer.signum(Long.compareUnsigned((Long) a[0], (Long) a[1])));
        // xid(xid8): the low 32 bits (XidFromFullTransactionId), the explicit cast xid8 -> xid
        strict.define("xid", List.of(PgType.XID8), PgType.XID, (ctx, a) -> (Long) a[0] & 0xFFFFFFFFL);
    }

    /**
     * has_X_privilege(object, privilege) for the current user, (role name, object, privilege) and (role oid,
     * object, privilege) where PostgreSQL has them, with the object by name (text) or oid. Order of checks as in
     * acl.c: the role, then the object, then the privilege string; an object oid that names nothing gives null.
     */
    private static void definePrivileges(BuiltinFunctions.Definer strict) {
        defineHas(strict, "has_table_privilege", TEXT, (ctx, object) -> relationOid(ctx, (String) object),
                (ctx, oid) -> relationByOid(ctx, oid) != null, TABLE_PRIVILEGES, SystemFunctions::relationHeld);
        defineHas(strict, "has_sequence_privilege", TEXT, (ctx, object) -> sequenceOid(ctx, (String) object),
                (ctx, oid) -> {
                    TableDef t = relationByOid(ctx, oid);
                    if (t != null && !t.isSequence()) {
                        throw Messages.notASequence(t.name(), null);
                    }
                    return t != null;
                }, SEQUENCE_PRIVILEGES, SystemFunctions::relationHeld);
        defineHas(strict, "has_database_privilege", TEXT, (ctx, object) -> ctx.session().storage()
                .databaseOid((String) object).orElseThrow(() -> Messages.unknownDatabase((String) object)) & 0xFFFFFFFFL,
                (ctx, oid) -> databaseName(ctx, oid) != null, DATABASE_PRIVILEGES, SystemFunctions::databaseHeld);
        defineHas(strict, "has_schema_privilege", TEXT, (ctx, object) -> {
            String name = (String) object;
            if (!DatabasePrivileges.schemaExists(name)) {
                throw Messages.schemaDoesNotExist(name);
            }
            return Namespaces.input("\"" + name.replace("\"", "\"\"") + "\"");
        }, (ctx, oid) -> Namespaces.name(oid) != null, SCHEMA_PRIVILEGES, SystemFunctions::schemaHeld);
        // a user function's ACL decides; a built-in one (oid 0 here) keeps acldefault: PUBLIC may execute
        defineHas(strict, "has_function_privilege", TEXT, (ctx, object) -> functionOid(ctx, (String) object),
                (ctx, oid) -> true, FUNCTION_PRIVILEGES, SystemFunctions::functionHeld);
        defineHas(strict, "has_language_privilege", TEXT, (ctx, object) -> {
            osgres.sql.internal.catalog.LanguageAcls.Language l =
                    osgres.sql.internal.catalog.LanguageAcls.named((String) object);
            if (l == null) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, "language \"" + object + "\" does not exist");
            }
            return l.oid();
        }, (ctx, oid) -> osgres.sql.internal.catalog.LanguageAcls.byOid(oid) != null, USAGE_PRIVILEGES,
                SystemFunctions::languageHeld);
        strict.define("has_column_privilege", List.of(TEXT, TEXT, TEXT), BOOL, (ctx, a) -> {
            long relation = relationOid(ctx, (String) a[0]);
            column(ctx, relation, (String) a[1]);
            return columnHeld(ctx, currentUser(ctx), relation, attnum(ctx, relation, (String) a[1]), (String) a[2]);
        });
        strict.define("has_column_privilege", List.of(NAME, TEXT, TEXT, TEXT), BOOL, (ctx, a) -> {
            int role = roleOid(ctx, (String) a[0]);
            long relation = relationOid(ctx, (String) a[1]);
            column(ctx, relation, (String) a[2]);
            return columnHeld(ctx, role, relation, attnum(ctx, relation, (String) a[2]), (String) a[3]);
        });
        strict.define("has_column_privilege", List.of(OID, TEXT, TEXT), BOOL, (ctx, a) -> {
            if (relationByOid(ctx, (Long) a[0]) == null) {
                return null;
            }
            column(ctx, (Long) a[0], (String) a[1]);
            return columnHeld(ctx, currentUser(ctx), (Long) a[0], attnum(ctx, (Long) a[0], (String) a[1]),
                    (String) a[2]);
        });
        defineHas(strict, "has_type_privilege", TEXT, (ctx, object) -> RegType.input((String) object,
                ctx.session(), 0).oid(), (ctx, oid) -> RegType.ofOid(oid, ctx.session()).name() != null,
                USAGE_PRIVILEGES);
        // osgres has no foreign-data wrappers or servers: every name is unknown, every oid names nothing
        defineHas(strict, "has_foreign_data_wrapper_privilege", TEXT, (ctx, object) -> {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "foreign-data wrapper \"" + object
                    + "\" does not exist");
        }, (ctx, oid) -> false, USAGE_PRIVILEGES);
        defineHas(strict, "has_server_privilege", TEXT, (ctx, object) -> {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "server \"" + object + "\" does not exist");
        }, (ctx, oid) -> false, USAGE_PRIVILEGES);
        strict.define("has_column_privilege", List.of(OID, PgType.INT2, TEXT), BOOL, (ctx, a) -> {
            // column_privilege_check: a column the relation does not have is NULL, as an unknown relation
            TableDef t = relationByOid(ctx, (Long) a[0]);
            short attnum = (Short) a[1];
            return t == null || attnum < 1 || attnum > t.columns().size() ? null
                    : columnHeld(ctx, currentUser(ctx), (Long) a[0], attnum, (String) a[2]);
        });
        defineHas(strict, "has_any_column_privilege", TEXT, (ctx, object) -> relationOid(ctx, (String) object),
                (ctx, oid) -> relationByOid(ctx, oid) != null, COLUMN_PRIVILEGES, SystemFunctions::anyColumnHeld);
    }

    /** Resolves an object named by text (throwing PostgreSQL's error when there is none); the value is unused. */
    @FunctionalInterface
    private interface ByName {
        long resolve(ExecContext ctx, Object object);
    }

    /** Whether an object of this oid exists (the oid variants answer null when not). */
    @FunctionalInterface
    private interface ByOid {
        boolean exists(ExecContext ctx, long oid);
    }

    /** Whether {@code role} holds one of {@code privileges} (or of the grant options {@code options}) on an object. */
    private interface Holder {
        boolean holds(ExecContext ctx, int role, long object, int privileges, int options);
    }

    private static void defineHas(BuiltinFunctions.Definer strict, String name, PgType objectType, ByName byName,
                                  ByOid byOid, List<String> known) {
        defineHas(strict, name, objectType, byName, byOid, known, null);
    }

    /**
     * The six forms of a has_*_privilege function: (object, privileges), with a role by name or oid before them,
     * the object by name or oid. With a {@code holder} the object's ACL decides (ACLMASK_ANY); without, every
     * known privilege is held (objects that keep no ACL yet).
     */
    private static void defineHas(BuiltinFunctions.Definer strict, String name, PgType objectType, ByName byName,
                                  ByOid byOid, List<String> known, Holder holder) {
        strict.define(name, List.of(objectType, TEXT), BOOL, (ctx, a) -> held(ctx, currentUser(ctx),
                byName.resolve(ctx, a[0]), (String) a[1], known, holder));
        strict.define(name, List.of(OID, TEXT), BOOL, (ctx, a) -> byOid.exists(ctx, (Long) a[0])
                ? held(ctx, currentUser(ctx), (Long) a[0], (String) a[1], known, holder) : null);
        strict.define(name, List.of(NAME, objectType, TEXT), BOOL, (ctx, a) -> {
            int role = roleOid(ctx, (String) a[0]);
            return held(ctx, role, byName.resolve(ctx, a[1]), (String) a[2], known, holder);
        });
        strict.define(name, List.of(NAME, OID, TEXT), BOOL, (ctx, a) -> {
            int role = roleOid(ctx, (String) a[0]);
            return byOid.exists(ctx, (Long) a[1]) ? held(ctx, role, (Long) a[1], (String) a[2], known, holder)
                    : null;
        });
        strict.define(name, List.of(OID, objectType, TEXT), BOOL, (ctx, a) -> held(ctx, (int) (long) (Long) a[0],
                byName.resolve(ctx, a[1]), (String) a[2], known, holder));
        strict.define(name, List.of(OID, OID, TEXT), BOOL, (ctx, a) -> byOid.exists(ctx, (Long) a[1])
                ? held(ctx, (int) (long) (Long) a[0], (Long) a[1], (String) a[2], known, holder) : null);
    }

    private static int currentUser(ExecContext ctx) {
        return Privileges.currentUserOid(ctx.session());
    }

    /** get_role_oid_or_public: 42704 for a role pg_authid does not have. */
    private static int roleOid(ExecContext ctx, String name) {
        if (name.equals("public")) {
            return Privileges.PUBLIC;
        }
        return ctx.session().storage().role(name).map(osgres.storage.Role::oid)
                .orElseThrow(() -> Messages.roleDoesNotExist(name));
    }

    private static Boolean held(ExecContext ctx, int role, long object, String written, List<String> known,
                                Holder holder) {
        boolean any = privileges(written, known);
        if (holder == null) {
            return any;
        }
        int privileges = 0;
        int options = 0;
        for (String chunk : written.split(",", -1)) {
            String upper = chunk.strip().toUpperCase(Locale.ROOT);
            boolean option = upper.endsWith(" WITH GRANT OPTION");
            String keyword = option ? upper.substring(0, upper.length() - " WITH GRANT OPTION".length()) : upper;
            int bit = Privileges.parse(keyword);
            if (option) {
                options |= bit;
            } else {
                privileges |= bit;
            }
        }
        return holder.holds(ctx, role, object, privileges, options);
    }

    /**
     * regprocedurein for has_function_privilege: {@code name(type, ...)}, the name possibly in public or pg_catalog
     * or double-quoted; a user function's oid when its input types match, 0 for a built-in function of the name
     * (built-ins keep no oid here), 42883 {@code function "..." does not exist} otherwise.
     */
    private static long functionOid(ExecContext ctx, String text) {
        int open = text.indexOf('(');
        if (open < 0) {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "expected a left parenthesis");
        }
        int close = text.lastIndexOf(')');
        if (close < open || !text.substring(close + 1).isBlank()) {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "expected a right parenthesis");
        }
        String name = text.substring(0, open).strip();
        boolean builtinSchema = false;
        if (name.startsWith("public.")) {
            name = name.substring("public.".length());
        } else if (name.startsWith("pg_catalog.")) {
            name = name.substring("pg_catalog.".length());
            builtinSchema = true;
        }
        name = name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name.toLowerCase(Locale.ROOT);
        List<Long> types = new java.util.ArrayList<>();
        String args = text.substring(open + 1, close).strip();
        if (!args.isEmpty()) {
            for (String type : args.split(",")) {
                types.add(RegType.input(type.strip(), ctx.session(), 0).oid());
            }
        }
        osgres.sql.internal.utils.RoutineRunner routines = ctx.session().routines();
        if (routines != null && !builtinSchema) {
            for (osgres.sql.internal.utils.SqlFunction f : routines.catalogFunctions()) {
                if (f.name().equals(name) && f.inputTypes().stream().map(t -> (long) t.oid()).toList()
                        .equals(types)) {
                    return f.oid() & 0xFFFFFFFFL;
                }
            }
            for (osgres.sql.internal.utils.AggregateDefinition a : routines.catalogAggregates()) {
                if (a.name().equals(name) && a.argTypes().stream().map(t -> (long) t.oid()).toList().equals(types)) {
                    return a.oid() & 0xFFFFFFFFL;
                }
            }
        }
        if (Functions.exists(name)) {
            return 0L;
        }
        throw PgException.error(SqlState.UNDEFINED_FUNCTION, "function \"" + text + "\" does not exist");
    }

    /** pg_proc_aclcheck(ACLMASK_ANY): a user function's ACL, a built-in's default (PUBLIC may execute). */
    private static boolean functionHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        osgres.sql.internal.utils.RoutineRunner routines = ctx.session().routines();
        osgres.sql.internal.utils.SqlFunction f = routines == null || oid == 0 ? null : routines.current((int) oid);
        if (Privileges.isSuperuser(ctx.session(), role)) {
            return privileges != 0 || options != 0;
        }
        if (f == null && routines != null && oid != 0) {
            for (osgres.sql.internal.utils.AggregateDefinition a : routines.catalogAggregates()) {
                if ((a.oid() & 0xFFFFFFFFL) == oid) {
                    List<osgres.storage.AclItem> acl = a.acl() != null ? a.acl()
                            : Privileges.defaultFunctionAcl(a.owner());
                    return Privileges.mask(ctx.session(), acl, a.owner(), role, privileges) != 0
                            || Privileges.grantOptions(ctx.session(), acl, a.owner(), role, options) != 0;
                }
            }
        }
        if (f == null) {
            return (privileges & Privileges.EXECUTE) != 0; // owned by the bootstrap superuser, no grant options
        }
        return Privileges.functionMask(ctx.session(), f, role, privileges) != 0
                || Privileges.grantOptions(ctx.session(), Privileges.acl(f), f.owner(), role, options) != 0;
    }

    /** pg_language_aclmask(ACLMASK_ANY): the language's ACL in this database (acldefault: PUBLIC may use it). */
    private static boolean languageHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        if (Privileges.isSuperuser(ctx.session(), role)) {
            return privileges != 0 || options != 0;
        }
        List<osgres.storage.AclItem> acl = osgres.sql.internal.catalog.LanguageAcls.acl(ctx.session().transaction(),
                oid);
        int owner = osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID;
        return Privileges.mask(ctx.session(), acl, owner, role, privileges) != 0
                || Privileges.grantOptions(ctx.session(), acl, owner, role, options) != 0;
    }

    /** column_privilege_check: the relation's privileges, else the column's own (ACLMASK_ANY). */
    private static Boolean columnHeld(ExecContext ctx, int role, long relation, int attnum, String written) {
        return held(ctx, role, relation, written, COLUMN_PRIVILEGES, (c, r, oid, privileges, options) -> {
            if (relationHeld(c, r, oid, privileges, options)) {
                return true;
            }
            TableDef t = relationByOid(c, oid);
            List<osgres.storage.AclItem> acl = t == null ? null : t.acl().columnAcls().get(attnum);
            return acl != null && (Privileges.mask(c.session(), acl, t.acl().owner(), r, privileges) != 0
                    || Privileges.grantOptions(c.session(), acl, t.acl().owner(), r, options) != 0);
        });
    }

    /** has_any_column_privilege: the relation's privileges, else those of any of its columns. */
    private static boolean anyColumnHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        if (relationHeld(ctx, role, oid, privileges, options)) {
            return true;
        }
        TableDef t = relationByOid(ctx, oid);
        if (t == null) {
            return false;
        }
        for (List<osgres.storage.AclItem> acl : t.acl().columnAcls().values()) {
            if (Privileges.mask(ctx.session(), acl, t.acl().owner(), role, privileges) != 0
                    || Privileges.grantOptions(ctx.session(), acl, t.acl().owner(), role, options) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The attnum of a column named by text (its existence was checked), or of a system column. */
    private static int attnum(ExecContext ctx, long relation, String column) {
        TableDef t = relationByOid(ctx, relation);
        int index = t == null ? -1 : t.columnIndex(column);
        if (index >= 0) {
            return index + 1;
        }
        osgres.sql.internal.nodes.Query.SystemColumn system = osgres.sql.internal.nodes.Query.SystemColumn.of(column);
        return system == null ? 0 : system.attno();
    }

    /** pg_class_aclcheck(ACLMASK_ANY) of a relation by oid. */
    /** pg_database_aclmask (ACLMASK_ANY) and the grant options of the database's ACL. */
    private static boolean databaseHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        osgres.storage.DatabaseDef db = ctx.session().storage().databaseDef((int) oid).orElse(null);
        if (db == null) {
            return false;
        }
        if (Privileges.isSuperuser(ctx.session(), role)) {
            return privileges != 0 || options != 0;
        }
        return DatabasePrivileges.databaseMask(ctx.session(), db, role, privileges) != 0
                || Privileges.grantOptions(ctx.session(), DatabasePrivileges.acl(db), db.owner(), role, options) != 0;
    }

    /** pg_namespace_aclmask (ACLMASK_ANY) of a schema of the current database, and its ACL's grant options. */
    private static boolean schemaHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        String name = Namespaces.name(oid);
        if (Privileges.isSuperuser(ctx.session(), role)) {
            return privileges != 0 || options != 0;
        }
        osgres.storage.ObjectAcl schema = DatabasePrivileges.schema(ctx.session(), name);
        return DatabasePrivileges.schemaMask(ctx.session(), name, role, privileges) != 0
                || Privileges.grantOptions(ctx.session(), DatabasePrivileges.schemaAcl(schema), schema.owner(), role,
                options) != 0;
    }

    private static boolean relationHeld(ExecContext ctx, int role, long oid, int privileges, int options) {
        TableDef t = relationByOid(ctx, oid);
        if (t == null) {
            return false;
        }
        if (Privileges.isSuperuser(ctx.session(), role)) {
            return privileges != 0 || options != 0;
        }
        return Privileges.relationMask(ctx.session(), t, role, privileges) != 0
                || Privileges.grantOptions(ctx.session(), Privileges.acl(t), t.acl().owner(), role, options) != 0;
    }

    /**
     * convert_any_priv_string: a comma-separated list, each entry trimmed and matched case-insensitively against
     * {@code known} or its "WITH GRANT OPTION" form; 22023 for any other. Every known privilege is held (no ACLs
     * yet, see the header), so the answer is true, except for RULE alone: it stands for no privilege bit (rules
     * became a table owner's right), and an empty mask is never held.
     */
    private static boolean privileges(String written, List<String> known) {
        boolean any = false;
        for (String chunk : written.split(",", -1)) {
            String privilege = chunk.strip();
            String upper = privilege.toUpperCase(Locale.ROOT);
            boolean found = known.contains(upper) || (upper.endsWith(" WITH GRANT OPTION")
                    && known.contains(upper.substring(0, upper.length() - " WITH GRANT OPTION".length())));
            if (!found) {
                throw Messages.unrecognizedPrivilege(privilege);
            }
            any |= !upper.startsWith("RULE");
        }
        return any;
    }

    /** get_role_oid_or_public (or get_role_oid): 42704 for a role pg_authid does not have. */
    private static void role(ExecContext ctx, String name, boolean publicAllowed) {
        if ((publicAllowed && name.equals("public")) || ctx.session().storage().role(name).isPresent()) {
            return;
        }
        throw Messages.roleDoesNotExist(name);
    }

    /** pg_get_userbyid: the role's name, or {@code unknown (OID=n)}. */
    private static String userName(ExecContext ctx, long oid) {
        return osgres.sql.internal.catalog.SystemCatalogs.userName(ctx.session(), oid);
    }

    private static long relationOid(ExecContext ctx, String name) {
        return RegClass.input(name, ctx.session().transaction(), 0).oid();
    }

    private static long sequenceOid(ExecContext ctx, String name) {
        long oid = relationOid(ctx, name);
        TableDef t = relationByOid(ctx, oid);
        if (t == null || !t.isSequence()) {
            throw Messages.notASequence(t == null ? name : t.name(), null);
        }
        return oid;
    }

    /** The table, view or sequence of this oid (an index's oid gives its table, which holds its privileges). */
    private static TableDef relationByOid(ExecContext ctx, long oid) {
        for (TableDef t : ctx.session().transaction().tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid) {
                return t;
            }
            for (IndexDef i : t.indexes()) {
                if ((i.oid() & 0xFFFFFFFFL) == oid) {
                    return t;
                }
            }
        }
        return null;
    }

    /** column_privilege_check's lookup: 42703 for a column the relation does not have. */
    private static void column(ExecContext ctx, long relation, String column) {
        TableDef t = relationByOid(ctx, relation);
        if (t != null && t.columnIndex(column) < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                    + t.name() + "\" does not exist");
        }
    }

    private static String databaseName(ExecContext ctx, long oid) {
        for (String name : ctx.session().storage().databaseNames()) {
            OptionalInt o = ctx.session().storage().databaseOid(name);
            if (o.isPresent() && (o.getAsInt() & 0xFFFFFFFFL) == oid) {
                return name;
            }
        }
        return null;
    }

    /**
     * pg_table_size / pg_indexes_size / pg_total_relation_size: the main fork of the relation (an index counts as
     * the relation itself) and of its indexes; null for an oid no relation has.
     */
    private static Long relationSizes(ExecContext ctx, RegClass relation, boolean heap, boolean indexes) {
        Transaction tx = ctx.session().transaction();
        for (TableDef t : tx.tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == relation.oid()) {
                long size = heap ? tx.relationSize(t.name()).orElse(0) : 0;
                if (indexes) {
                    for (IndexDef i : t.indexes()) {
                        size += tx.relationSize(i.name()).orElse(0);
                    }
                }
                return size;
            }
            for (IndexDef i : t.indexes()) {
                if ((i.oid() & 0xFFFFFFFFL) == relation.oid()) {
                    return heap ? tx.relationSize(i.name()).orElse(0) : 0L;
                }
            }
        }
        return null;
    }

    /**
     * pg_relation_size(regclass, fork): the main fork's size (its block count times 8192, as the file on disk is);
     * osgres keeps no free space map, visibility map or init fork, so those are 0; null for an unknown oid.
     */
    private static Long forkSize(ExecContext ctx, RegClass relation, String fork) {
        if (!List.of("main", "fsm", "vm", "init").contains(fork)) {
            throw Messages.invalidForkName();
        }
        String name = relationName(ctx, relation.oid());
        if (name == null) {
            return null;
        }
        return fork.equals("main") ? ctx.session().transaction().relationSize(name).orElse(0) : 0L;
    }

    /** The name of the table, sequence or index with this oid, or null. */
    private static String relationName(ExecContext ctx, long oid) {
        for (TableDef t : ctx.session().transaction().tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid) {
                return t.name();
            }
            for (IndexDef i : t.indexes()) {
                if ((i.oid() & 0xFFFFFFFFL) == oid) {
                    return i.name();
                }
            }
        }
        return null;
    }

    private static Path dataDirectory(ExecContext ctx) {
        return ctx.session().setup().postmaster().status().dataDirectory();
    }

    /** db_dir_size: the sizes of the files in a directory and below; 0 when it does not exist. */
    private static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0L;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0L; // removed while we walked (a dropped relation's file), as stat's ENOENT is skipped
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw PgException.error(SqlState.INTERNAL_ERROR, "could not stat directory \"" + dir + "\"");
        }
    }

    private static ChildInfo self(ExecContext ctx) {
        int pid = ctx.session().setup().backendPid();
        for (ChildInfo c : ctx.session().setup().postmaster().children()) {
            if (c.pid() == pid) {
                return c;
            }
        }
        return null;
    }

    private static Long assignedXid(ExecContext ctx) {
        long xid = ctx.session().transaction().xid();
        return xid == 0 ? null : xid;
    }

    /**
     * fetch_search_path: the schemas of search_path that exist, in order ("$user" is a schema named as the user,
     * which osgres never has); with {@code implicit}, pg_catalog first unless the path names it.
     */
    static List<String> searchPath(ExecContext ctx, boolean implicit) {
        List<String> found = new ArrayList<>();
        for (String entry : osgres.sql.internal.utils.SearchPath.split(ctx.session().gucs().show("search_path"))) {
            String schema = entry.equals("$user") ? ctx.session().gucs().currentUser() : entry;
            if (SCHEMAS.containsKey(schema) && !found.contains(schema)) {
                found.add(schema);
            }
        }
        if (implicit && !found.contains("pg_catalog")) {
            found.addFirst("pg_catalog");
        }
        return found;
    }

    /** current_schema(): the first schema of the search path that exists, or null. */
    static String currentSchema(ExecContext ctx) {
        List<String> path = searchPath(ctx, false);
        return path.isEmpty() ? null : path.getFirst();
    }

    /** pg_char_to_encoding: the number of an encoding name or alias (case and punctuation ignored), else -1. */
    private static int encodingNumber(String name) {
        StringBuilder clean = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                clean.append(Character.toLowerCase(c));
            }
        }
        String key = clean.toString();
        String canonical = ENCODING_ALIASES.get(key);
        for (int i = 0; i < ENCODINGS.size(); i++) {
            String e = ENCODINGS.get(i);
            if (e.equals(canonical) || e.replace("_", "").toLowerCase(Locale.ROOT).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** pg_size_pretty(bigint): divisions truncate toward zero, the chosen unit half-rounds away from zero. */
    static String sizePretty(long size) {
        for (int u = 0; u < SIZE_UNITS.size(); u++) {
            SizeUnit unit = SIZE_UNITS.get(u);
            boolean last = u == SIZE_UNITS.size() - 1;
            // the absolute value as uint64 (Long.MIN_VALUE's absolute value does not fit a long)
            if (last || Long.compareUnsigned(size < 0 ? -size : size, unit.limit()) < 0) {
                if (unit.round()) {
                    size = (size + (size < 0 ? -1 : 1)) / 2;
                }
                return size + " " + unit.name();
            }
            size /= 1L << shift(unit, SIZE_UNITS.get(u + 1));
        }
        throw new IllegalStateException("unreachable");
    }

    /** pg_size_pretty(numeric): the same on numeric values (NaN and the infinities end in PB). */
    static String sizePrettyNumeric(Object value) {
        if (value instanceof NumericSpecial special) {
            return special + " PB";
        }
        BigDecimal size = (BigDecimal) value;
        for (int u = 0; u < SIZE_UNITS.size(); u++) {
            SizeUnit unit = SIZE_UNITS.get(u);
            if (u == SIZE_UNITS.size() - 1 || size.abs().compareTo(BigDecimal.valueOf(unit.limit())) < 0) {
                if (unit.round()) {
                    size = size.add(size.signum() >= 0 ? BigDecimal.ONE : BigDecimal.ONE.negate())
                            .divide(BigDecimal.TWO, 0, RoundingMode.DOWN);
                }
                return size.toPlainString() + " " + unit.name();
            }
            size = size.divide(BigDecimal.valueOf(1L << shift(unit, SIZE_UNITS.get(u + 1))), 0, RoundingMode.DOWN);
        }
        throw new IllegalStateException("unreachable");
    }

    /** The bits to the next unit, one less when the next half-rounds, one more when this one does. */
    private static int shift(SizeUnit unit, SizeUnit next) {
        return next.bits() - unit.bits() - (next.round() ? 1 : 0) + (unit.round() ? 1 : 0);
    }

    /**
     * pg_size_bytes: a number (sign, digits, fraction, exponent) and an optional unit of SIZE_UNITS (any case),
     * whitespace around both; the product rounds to bigint.
     */
    static long sizeBytes(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        boolean digits = false;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits = true;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits = true;
            }
        }
        if (!digits) {
            throw Messages.invalidSize(text);
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            // strtol's syntax: a sign and digits; else the 'e' starts the unit
            int j = i + 1;
            if (j < n && (text.charAt(j) == '-' || text.charAt(j) == '+')) {
                j++;
            }
            int exponentStart = j;
            while (j < n && isDigit(text.charAt(j))) {
                j++;
            }
            if (j > exponentStart) {
                i = j;
            }
        }
        Object number = TypeIo.parseNumericValue(text.substring(start, i));
        String unit = text.substring(i).strip();
        BigDecimal bytes = (BigDecimal) number;
        if (!unit.isEmpty()) {
            SizeUnit found = null;
            for (SizeUnit u : SIZE_UNITS) {
                if (u.name().equalsIgnoreCase(unit)) {
                    found = u;
                }
            }
            if (found == null) {
                throw Messages.invalidSizeUnit(text, unit);
            }
            bytes = bytes.multiply(BigDecimal.valueOf(1L << found.bits()));
        }
        BigDecimal rounded = bytes.setScale(0, RoundingMode.HALF_UP);
        try {
            return rounded.longValueExact();
        } catch (ArithmeticException e) {
            throw Messages.outOfRange("bigint");
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
