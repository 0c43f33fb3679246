package osgres.api;

/** When a parameter may be set (guc.h GucContext), weakest last. */
public enum GucContext {
    INTERNAL, POSTMASTER, SIGHUP, SUPERUSER_BACKEND, BACKEND, SUSET, USERSET;

    /** The name {@code pg_settings.context} shows: {@code postmaster}, {@code sighup}, {@code user}... */
    public String pgName() {
        return switch (this) {
            case INTERNAL -> "internal";
            case POSTMASTER -> "postmaster";
            case SIGHUP -> "sighup";
            case SUPERUSER_BACKEND -> "superuser-backend";
            case BACKEND -> "backend";
            case SUSET -> "superuser";
            case USERSET -> "user";
        };
    }
}
