/*
 * PL/pgSQL's exception condition names (plerrcodes.h, from errcodes.txt): the names WHEN clauses, RAISE and
 * USING ERRCODE accept, with their SQLSTATEs. A name of a class (its code ends in 000) matches every code of the
 * class; OTHERS matches everything but query_canceled and assert_failure, as PostgreSQL's exception_matches_conditions.
 * Only the conditions applications commonly name are listed; a five-character SQLSTATE is accepted as itself.
 */
package osgres.sql.internal.session;

import java.util.HashMap;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;

public final class PlpgsqlConditions {
    private static final Map<String, String> CODES = new HashMap<>();
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        String[][] table = {
            {"successful_completion", "00000"}, {"warning", "01000"}, {"no_data", "02000"},
            {"sql_statement_not_yet_complete", "03000"}, {"connection_exception", "08000"},
            {"feature_not_supported", "0A000"}, {"invalid_transaction_initiation", "0B000"},
            {"cardinality_violation", "21000"}, {"data_exception", "22000"},
            {"string_data_right_truncation", "22001"}, {"null_value_no_indicator_parameter", "22002"},
            {"numeric_value_out_of_range", "22003"}, {"null_value_not_allowed", "22004"},
            {"error_in_assignment", "22005"}, {"invalid_datetime_format", "22007"},
            {"datetime_field_overflow", "22008"}, {"invalid_time_zone_displacement_value", "22009"},
            {"division_by_zero", "22012"}, {"character_not_in_repertoire", "22021"},
            {"invalid_parameter_value", "22023"}, {"invalid_escape_sequence", "22025"},
            {"string_data_length_mismatch", "22026"}, {"array_subscript_error", "2202E"},
            {"invalid_text_representation", "22P02"}, {"invalid_binary_representation", "22P03"},
            {"integrity_constraint_violation", "23000"}, {"restrict_violation", "23001"},
            {"not_null_violation", "23502"}, {"foreign_key_violation", "23503"}, {"unique_violation", "23505"},
            {"check_violation", "23514"}, {"exclusion_violation", "23P01"}, {"invalid_cursor_state", "24000"},
            {"invalid_transaction_state", "25000"}, {"active_sql_transaction", "25001"},
            {"read_only_sql_transaction", "25006"}, {"in_failed_sql_transaction", "25P02"},
            {"invalid_sql_statement_name", "26000"}, {"triggered_data_change_violation", "27000"},
            {"invalid_authorization_specification", "28000"}, {"dependent_privilege_descriptors_still_exist",
                "2B000"}, {"dependent_objects_still_exist", "2BP01"},
            {"invalid_transaction_termination", "2D000"}, {"sql_routine_exception", "2F000"},
            {"function_executed_no_return_statement", "2F005"}, {"invalid_cursor_name", "34000"},
            {"external_routine_exception", "38000"}, {"external_routine_invocation_exception", "39000"},
            {"savepoint_exception", "3B000"}, {"invalid_catalog_name", "3D000"}, {"invalid_schema_name", "3F000"},
            {"transaction_rollback", "40000"}, {"serialization_failure", "40001"},
            {"deadlock_detected", "40P01"}, {"syntax_error_or_access_rule_violation", "42000"},
            {"syntax_error", "42601"}, {"insufficient_privilege", "42501"}, {"grouping_error", "42803"},
            {"datatype_mismatch", "42804"}, {"wrong_object_type", "42809"}, {"undefined_column", "42703"},
            {"undefined_function", "42883"}, {"undefined_table", "42P01"}, {"undefined_parameter", "42P02"},
            {"undefined_object", "42704"}, {"duplicate_column", "42701"}, {"duplicate_cursor", "42P03"},
            {"duplicate_database", "42P04"}, {"duplicate_function", "42723"}, {"duplicate_schema", "42P06"},
            {"duplicate_table", "42P07"}, {"duplicate_alias", "42712"}, {"duplicate_object", "42710"},
            {"ambiguous_column", "42702"}, {"ambiguous_function", "42725"}, {"invalid_column_reference", "42P10"},
            {"invalid_function_definition", "42P13"}, {"invalid_table_definition", "42P16"},
            {"with_check_option_violation", "44000"}, {"insufficient_resources", "53000"},
            {"disk_full", "53100"}, {"out_of_memory", "53200"}, {"too_many_connections", "53300"},
            {"program_limit_exceeded", "54000"}, {"statement_too_complex", "54001"},
            {"object_not_in_prerequisite_state", "55000"}, {"object_in_use", "55006"},
            {"lock_not_available", "55P03"}, {"operator_intervention", "57000"}, {"query_canceled", "57014"},
            {"admin_shutdown", "57P01"}, {"system_error", "58000"}, {"plpgsql_error", "P0000"},
            {"raise_exception", "P0001"}, {"no_data_found", "P0002"}, {"too_many_rows", "P0003"},
            {"assert_failure", "P0004"}, {"internal_error", "XX000"}, {"data_corrupted", "XX001"},
            {"case_not_found", "20000"}, {"invalid_argument_for_power_function", "2201F"},
            {"invalid_row_count_in_limit_clause", "2201W"}, {"floating_point_exception", "22P01"},
        };
        for (String[] row : table) {
            CODES.put(row[0], row[1]);
            NAMES.putIfAbsent(row[1], row[0]);
        }
    }

    private PlpgsqlConditions() {
    }

    /** The SQLSTATE of a condition name or of a written SQLSTATE; 42704 for an unknown name. */
    public static String code(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String code = CODES.get(lower);
        if (code != null) {
            return code;
        }
        if (name.length() == 5 && name.chars().allMatch(c -> Character.isDigit(c) || Character.isUpperCase(c))) {
            return name;
        }
        throw PgException.error(SqlState.UNDEFINED_OBJECT, "unrecognized exception condition \"" + name + "\"");
    }

    /** The condition name of a SQLSTATE (a RAISE of a bare condition shows it as the message). */
    public static String nameOf(String code) {
        return NAMES.getOrDefault(code, code);
    }

    /** Whether a WHEN condition catches an error of {@code sqlState}. */
    public static boolean matches(String condition, String sqlState) {
        String lower = condition.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("others")) {
            return !sqlState.equals("57014") && !sqlState.equals("P0004");
        }
        String code = code(condition);
        if (code.endsWith("000") && !code.equals("00000")) {
            return sqlState.startsWith(code.substring(0, 2));
        }
        return code.equals(sqlState);
    }
}
