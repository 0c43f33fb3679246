package osgres.storage.internal.engine;

/**
 * A relation name as the SQL layer hands it to the storage, split into where to look and the bare name
 * (namespace.c's RangeVarGetRelid and RangeVarGetCreationNamespace over the two schemas osgres has):
 * <ul>
 * <li>{@code t}: the search path, that is the backend's own {@code pg_temp_N} first (when it has one), then
 *     {@code public}; a new relation goes to {@code public};</li>
 * <li>{@code public.t} (or any other schema osgres keeps as part of the name, {@code s.t}): permanent tables only;</li>
 * <li>{@code pg_temp.t} or {@code pg_temp_N.t} with the backend's own N: its temporary tables only;</li>
 * <li>{@code pg_temp_M.t} of another backend: a schema this backend can neither read nor create in.</li>
 * </ul>
 */
record RelationName(Schema schema, String relname) {

    enum Schema {
        SEARCH_PATH,
        PERMANENT,
        TEMPORARY,
        OTHER_SESSION
    }

    /** The N of a name {@code pg_temp_N.t} (for an {@link Schema#OTHER_SESSION} name), else -1. */
    static int backendOf(String name) {
        int dot = name.indexOf('.');
        try {
            return dot < 0 ? -1 : Integer.parseInt(name.substring("pg_temp_".length(), dot));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** Splits {@code name} for the backend whose pid is {@code backend}. */
    static RelationName parse(String name, int backend) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return new RelationName(Schema.SEARCH_PATH, name);
        }
        String schema = name.substring(0, dot);
        String rel = name.substring(dot + 1);
        if (schema.equals("public")) {
            return new RelationName(Schema.PERMANENT, rel);
        }
        if (schema.equals("pg_temp")) {
            return new RelationName(Schema.TEMPORARY, rel);
        }
        if (schema.startsWith("pg_temp_") && schema.length() > "pg_temp_".length()
                && schema.substring("pg_temp_".length()).chars().allMatch(Character::isDigit)) {
            boolean own = schema.equals("pg_temp_" + backend);
            return new RelationName(own ? Schema.TEMPORARY : Schema.OTHER_SESSION, rel);
        }
        return new RelationName(Schema.PERMANENT, name); // a schema osgres does not have stays part of the name
    }
}
