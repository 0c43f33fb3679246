/*
 * The functions information_schema's views are written with (PostgreSQL 15's information_schema.sql helpers and
 * the pg_catalog functions those views call that nothing else needed yet): information_schema._pg_char_max_length,
 * _pg_char_octet_length, _pg_numeric_precision, _pg_numeric_precision_radix, _pg_numeric_scale,
 * _pg_datetime_precision, _pg_interval_type and _pg_index_position, known by their qualified names only (see
 * Functions.EXPAND_ARRAY, whose set-returning sibling the analyser runs); pg_my_temp_schema,
 * pg_is_other_temp_schema, nameconcatoid, pg_relation_is_updatable and pg_column_is_updatable.
 *
 * The type helpers answer from a type oid and typmod as PostgreSQL's SQL bodies do (-1: the default modifier). The
 * database encoding is UTF8, so a character's octet length is at most 4. pg_relation_is_updatable counts a view's
 * automatic updatability only (no rules, no INSTEAD OF triggers), and not that of the relation under it.
 */
package osgres.sql.internal.func;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.storage.IndexDef;
import osgres.storage.TableDef;

final class InformationSchemaFunctions {
    private static final PgType OID = PgType.OID;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType INT2 = PgType.INT2;
    private static final String SCHEMA = "information_schema.";
    /** bit and bit varying, which osgres has no PgType for (a column of them cannot be made). */
    private static final long BIT = 1560;
    private static final long VARBIT = 1562;
    /** pg_encoding_max_length of UTF8, the only server encoding osgres has. */
    private static final int MAX_CHARACTER_OCTETS = 4;
    /** The events of relation_is_updatable's bit mask (1 << CmdType): UPDATE, INSERT and DELETE. */
    private static final int ALL_EVENTS = (1 << 2) | (1 << 3) | (1 << 4);
    /** What format_type writes after "interval" and its precision: the fields (interval_type). */
    private static final Pattern INTERVAL_FIELDS = Pattern.compile("interval[()0-9]* (.*)", Pattern.DOTALL);

    private InformationSchemaFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        List<PgType> type = List.of(OID, INT4);
        strict.define(SCHEMA + "_pg_char_max_length", type, INT4, (ctx, a) -> charMaxLength((Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_char_octet_length", type, INT4, (ctx, a) -> charOctetLength((Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_numeric_precision", type, INT4, (ctx, a) -> numericPrecision((Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_numeric_precision_radix", type, INT4, (ctx, a) -> numericRadix((Long) a[0]));
        strict.define(SCHEMA + "_pg_numeric_scale", type, INT4, (ctx, a) -> numericScale((Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_datetime_precision", type, INT4, (ctx, a) -> datetimePrecision((Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_interval_type", type, PgType.TEXT, (ctx, a) -> intervalType(ctx, (Long) a[0],
                (Integer) a[1]));
        strict.define(SCHEMA + "_pg_index_position", List.of(OID, INT2), INT4, (ctx, a) -> indexPosition(ctx,
                (Long) a[0], (Short) a[1]));
        strict.define("pg_my_temp_schema", List.of(), OID, (ctx, a) -> ctx.session().transaction().temporarySchema()
                .map(Namespaces::temporary).orElse(0L));
        strict.define("pg_is_other_temp_schema", List.of(OID), PgType.BOOL, (ctx, a) -> {
            String name = Namespaces.name((Long) a[0]);
            String mine = ctx.session().transaction().temporarySchema().orElse(null);
            return name != null && (name.startsWith("pg_temp_") && !name.equals(mine)
                    || name.startsWith("pg_toast_temp_") && !name.equals("pg_toast_" + mine));
        });
        strict.define("nameconcatoid", List.of(PgType.NAME, OID), PgType.NAME, (ctx, a) -> nameConcatOid(
                (String) a[0], (Long) a[1]));
        strict.define("pg_relation_is_updatable", List.of(PgType.REGCLASS, PgType.BOOL), INT4,
                (ctx, a) -> relationIsUpdatable(ctx, ((RegClass) a[0]).oid()));
        strict.define("pg_column_is_updatable", List.of(PgType.REGCLASS, INT2, PgType.BOOL), PgType.BOOL,
                (ctx, a) -> columnIsUpdatable(ctx, ((RegClass) a[0]).oid(), (Short) a[1]));
    }

    private static Integer charMaxLength(long type, int typmod) {
        if (typmod == -1) {
            return null;
        }
        if (type == PgType.BPCHAR.oid() || type == PgType.VARCHAR.oid()) {
            return typmod - 4;
        }
        return type == BIT || type == VARBIT ? typmod : null;
    }

    private static Integer charOctetLength(long type, int typmod) {
        if (type != PgType.TEXT.oid() && type != PgType.BPCHAR.oid() && type != PgType.VARCHAR.oid()) {
            return null;
        }
        if (typmod == -1) {
            return 1 << 30;
        }
        Integer characters = charMaxLength(type, typmod);
        return characters == null ? null : characters * MAX_CHARACTER_OCTETS;
    }

    private static Integer numericPrecision(long type, int typmod) {
        if (type == PgType.INT2.oid()) {
            return 16;
        } else if (type == PgType.INT4.oid()) {
            return 32;
        } else if (type == PgType.INT8.oid()) {
            return 64;
        } else if (type == PgType.NUMERIC.oid()) {
            return typmod == -1 ? null : ((typmod - 4) >> 16) & 65535;
        } else if (type == PgType.FLOAT4.oid()) {
            return 24; // FLT_MANT_DIG
        } else if (type == PgType.FLOAT8.oid()) {
            return 53; // DBL_MANT_DIG
        }
        return null;
    }

    private static Integer numericRadix(long type) {
        if (type == PgType.INT2.oid() || type == PgType.INT4.oid() || type == PgType.INT8.oid()
                || type == PgType.FLOAT4.oid() || type == PgType.FLOAT8.oid()) {
            return 2;
        }
        return type == PgType.NUMERIC.oid() ? 10 : null;
    }

    private static Integer numericScale(long type, int typmod) {
        if (type == PgType.INT2.oid() || type == PgType.INT4.oid() || type == PgType.INT8.oid()) {
            return 0;
        }
        if (type == PgType.NUMERIC.oid()) {
            return typmod == -1 ? null : (typmod - 4) & 65535;
        }
        return null;
    }

    private static Integer datetimePrecision(long type, int typmod) {
        if (type == PgType.DATE.oid()) {
            return 0;
        }
        if (type == PgType.TIME.oid() || type == PgType.TIMESTAMP.oid() || type == PgType.TIMESTAMPTZ.oid()
                || type == PgType.TIMETZ.oid()) {
            return typmod < 0 ? 6 : typmod;
        }
        if (type == PgType.INTERVAL.oid()) {
            return typmod < 0 || (typmod & 65535) == 65535 ? 6 : typmod & 65535;
        }
        return null;
    }

    /** The fields of an interval type as format_type writes them, upper-cased; null for none or another type. */
    private static String intervalType(ExecContext ctx, long type, int typmod) {
        if (type != PgType.INTERVAL.oid()) {
            return null;
        }
        Matcher m = INTERVAL_FIELDS.matcher(Functions.formatType(ctx, type, typmod));
        return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    /** The 1-based position of table column {@code attnum} in index {@code index}, null when it is not there. */
    private static Integer indexPosition(ExecContext ctx, long index, short attnum) {
        for (TableDef t : ctx.session().transaction().tables()) {
            for (IndexDef i : t.indexes()) {
                if ((i.oid() & 0xFFFFFFFFL) == index) {
                    int at = i.columns().indexOf(attnum - 1);
                    return at < 0 ? null : at + 1;
                }
            }
        }
        return null;
    }

    /** {@code name_oid}, the name cut (at a character boundary) so that the whole fits in a name. */
    private static String nameConcatOid(String name, long oid) {
        String suffix = "_" + oid;
        int room = PgType.NAME.typlen() - 1 - suffix.length();
        String cut = name;
        while (cut.getBytes(StandardCharsets.UTF_8).length > room) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut + suffix;
    }

    private static Integer relationIsUpdatable(ExecContext ctx, long oid) {
        TableDef t = relation(ctx, oid);
        if (t == null) {
            return 0;
        }
        if (t.isView()) {
            return ctx.session().viewUpdatableEvents(t);
        }
        return t.relkind() == 'r' || t.relkind() == 'p' ? ALL_EVENTS : 0;
    }

    private static Boolean columnIsUpdatable(ExecContext ctx, long oid, short attnum) {
        TableDef t = relation(ctx, oid);
        if (t == null || attnum <= 0) {
            return false;
        }
        if (t.isView()) {
            return ctx.session().viewColumnUpdatable(t, attnum - 1);
        }
        return t.relkind() == 'r' || t.relkind() == 'p';
    }

    private static TableDef relation(ExecContext ctx, long oid) {
        for (TableDef t : ctx.session().transaction().tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid) {
                return t;
            }
        }
        return null;
    }
}
