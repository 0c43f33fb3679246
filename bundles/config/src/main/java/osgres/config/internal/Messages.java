package osgres.config.internal;

/**
 * Every message text osgres.config produces, in one place so they grep. They are PostgreSQL 15's own
 * (guc-file.l, guc.c, variable.c, hba.c, postmaster.c), because tools and tests compare them byte for byte.
 */
final class Messages {

    // guc-file.l: reading postgresql.conf and its includes
    static final String SYNTAX_ERROR_NEAR_TOKEN = "syntax error in file \"%s\" line %d, near token \"%s\"";
    static final String SYNTAX_ERROR_NEAR_EOL = "syntax error in file \"%s\" line %d, near end of line";
    static final String TOO_MANY_SYNTAX_ERRORS = "too many syntax errors found, abandoning file \"%s\"";
    static final String COULD_NOT_OPEN_FILE = "could not open configuration file \"%s\": %s";
    static final String COULD_NOT_OPEN_DIRECTORY = "could not open configuration directory \"%s\": %s";
    static final String NESTING_TOO_DEEP = "could not open configuration file \"%s\": maximum nesting depth exceeded";
    static final String FILE_RECURSION = "configuration file recursion in \"%s\"";
    static final String EMPTY_FILE_NAME = "empty configuration file name: \"%s\"";
    static final String EMPTY_DIRECTORY_NAME = "empty configuration directory name: \"%s\"";
    static final String SKIPPING_MISSING_FILE = "skipping missing configuration file \"%s\"";
    static final String NO_SUCH_FILE = "No such file or directory";

    // guc-file.l: applying the file
    static final String UNRECOGNIZED_IN_FILE = "unrecognized configuration parameter \"%s\" in file \"%s\" line %d";
    static final String CHANGED_TO = "parameter \"%s\" changed to \"%s\"";
    static final String REMOVED_RESET = "parameter \"%s\" removed from configuration file, reset to default";
    static final String CONTAINS_ERRORS = "configuration file \"%s\" contains errors";
    static final String CONTAINS_ERRORS_SOME_APPLIED =
            "configuration file \"%s\" contains errors; unaffected changes were applied";
    static final String CONTAINS_ERRORS_NONE_APPLIED =
            "configuration file \"%s\" contains errors; no changes were applied";

    // guc.c: values and contexts
    static final String UNRECOGNIZED = "unrecognized configuration parameter \"%s\"";
    static final String INVALID_VALUE = "invalid value for parameter \"%s\": \"%s\"";
    static final String REQUIRES_BOOLEAN = "parameter \"%s\" requires a Boolean value";
    static final String INT_OUT_OF_RANGE = "%d%s%s is outside the valid range for parameter \"%s\" (%d .. %d)";
    static final String REAL_OUT_OF_RANGE = "%s%s%s is outside the valid range for parameter \"%s\" (%s .. %s)";
    static final String CANNOT_BE_CHANGED = "parameter \"%s\" cannot be changed";
    static final String NEEDS_RESTART = "parameter \"%s\" cannot be changed without restarting the server";
    static final String MEMORY_UNITS_HINT =
            "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".";
    static final String TIME_UNITS_HINT =
            "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".";
    static final String INTEGER_RANGE_HINT = "Value exceeds integer range.";
    static final String ENUM_HINT_PREFIX = "Available values: ";
    static final String LIST_SYNTAX_INVALID = "List syntax is invalid.";
    static final String DATESTYLE_UNRECOGNIZED = "Unrecognized key word: \"%s\".";
    static final String DATESTYLE_CONFLICT = "Conflicting \"datestyle\" specifications.";
    static final String CONVERSION_NOT_SUPPORTED = "Conversion between %s and %s is not supported.";

    // postmaster.c, guc.c SelectConfigFiles (written to stderr before logging is set up)
    static final String NO_DATA_DIRECTORY = "postgres does not know where to find the server configuration file.\n"
            + "You must specify the --config-file or -D invocation option or set the PGDATA environment variable.";
    static final String CANNOT_ACCESS_CONFIG = "postgres: could not access the server configuration file \"%s\": %s";
    static final String RESERVED_CONNECTIONS =
            "postgres: superuser_reserved_connections (%d) must be less than max_connections (%d)";

    // hba.c
    static final String HBA_CONTEXT = "line %d of configuration file \"%s\"";
    static final String HBA_NOT_RELOADED = "pg_hba.conf was not reloaded";
    static final String HBA_COULD_NOT_LOAD = "could not load pg_hba.conf";
    static final String HBA_NO_ENTRIES = "configuration file \"%s\" contains no entries";
    static final String HBA_MULTIPLE_CONNECTION_TYPES = "multiple values specified for connection type";
    static final String HBA_MULTIPLE_CONNECTION_TYPES_HINT = "Specify exactly one connection type per line.";
    static final String HBA_INVALID_CONNECTION_TYPE = "invalid connection type \"%s\"";
    static final String HBA_HOSTSSL_DISABLED = "hostssl record cannot match because SSL is disabled";
    static final String HBA_HOSTSSL_DISABLED_HINT = "Set ssl = on in postgresql.conf.";
    static final String HBA_HOSTGSSENC_UNSUPPORTED =
            "hostgssenc record cannot match because GSSAPI is not supported by this build";
    static final String HBA_EOL_BEFORE_DATABASE = "end-of-line before database specification";
    static final String HBA_EOL_BEFORE_ROLE = "end-of-line before role specification";
    static final String HBA_EOL_BEFORE_ADDRESS = "end-of-line before IP address specification";
    static final String HBA_MULTIPLE_ADDRESSES = "multiple values specified for host address";
    static final String HBA_MULTIPLE_ADDRESSES_HINT = "Specify one address range per line.";
    static final String HBA_HOSTNAME_AND_MASK = "specifying both host name and CIDR mask is invalid: \"%s\"";
    static final String HBA_INVALID_CIDR = "invalid CIDR mask in address \"%s\"";
    static final String HBA_EOL_BEFORE_NETMASK = "end-of-line before netmask specification";
    static final String HBA_EOL_BEFORE_NETMASK_HINT =
            "Specify an address range in CIDR notation, or provide a separate netmask.";
    static final String HBA_MULTIPLE_NETMASKS = "multiple values specified for netmask";
    static final String HBA_INVALID_MASK = "invalid IP mask \"%s\": Name or service not known";
    static final String HBA_MASK_MISMATCH = "IP address and mask do not match";
    static final String HBA_EOL_BEFORE_METHOD = "end-of-line before authentication method";
    static final String HBA_MULTIPLE_METHODS = "multiple values specified for authentication type";
    static final String HBA_MULTIPLE_METHODS_HINT = "Specify exactly one authentication type per line.";
    static final String HBA_INVALID_METHOD = "invalid authentication method \"%s\"";
    static final String HBA_UNSUPPORTED_METHOD = "invalid authentication method \"%s\": not supported by this build";
    static final String HBA_GSS_ON_LOCAL = "gssapi authentication is not supported on local sockets";
    static final String HBA_PEER_NOT_LOCAL = "peer authentication is only supported on local sockets";
    static final String HBA_CERT_NOT_HOSTSSL = "cert authentication is only supported on hostssl connections";
    static final String HBA_OPTION_FORMAT = "authentication option not in name=value format: %s";
    static final String HBA_CLIENTCERT_NOT_HOSTSSL = "clientcert can only be configured for \"hostssl\" rows";
    static final String HBA_CLIENTCERT_CERT_METHOD =
            "clientcert only accepts \"verify-full\" when using \"cert\" authentication";
    static final String HBA_CLIENTCERT_INVALID = "invalid value for clientcert: \"%s\"";
    static final String HBA_CLIENTNAME_NOT_HOSTSSL = "clientname can only be configured for \"hostssl\" rows";
    static final String HBA_UNRECOGNIZED_OPTION = "unrecognized authentication option name: \"%s\"";

    private Messages() {
    }
}
