package osgres.api;

import java.util.List;

/**
 * One configuration parameter of the GUC table (guc.c): its name, context, type, unit, default and
 * limits. Values travel as strings in PostgreSQL's input syntax; {@link Settings#normalize} checks and
 * canonicalises them.
 *
 * @param name       canonical name as SHOW labels it ({@code work_mem}, {@code DateStyle}); lookups ignore case
 * @param context    when it may be set
 * @param type       bool, integer, real, string, enum
 * @param unit       base unit for integers/reals: {@code kB}, {@code 8kB}, {@code MB}, {@code ms}, {@code s},
 *                   {@code min}, or empty
 * @param bootValue  the built-in default, in display form (e.g. {@code 4MB}, {@code on})
 * @param min        minimum for numbers (in base units), else 0
 * @param max        maximum for numbers (in base units), else 0
 * @param enumValues accepted values for enums, empty otherwise
 * @param report     GUC_REPORT: sent to the client as ParameterStatus when it changes
 * @param description short description, as pg_settings.short_desc
 */
public record GucDefinition(String name, GucContext context, Type type, String unit, String bootValue, double min,
                            double max, List<String> enumValues, boolean report, String description) {

    public enum Type { BOOL, INTEGER, REAL, STRING, ENUM }
}
