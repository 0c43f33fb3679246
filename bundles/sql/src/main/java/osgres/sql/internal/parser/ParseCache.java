/*
 * The engine-wide cache of raw parses, keyed by the exact query text: PostgreSQL's grammar costs about ten
 * microseconds per statement, so a query text is parsed once and its (immutable) raw statements are
 * shared by every session; each session analyses them itself. Bounded LRU; parse errors are not cached.
 * Simple-protocol queries reach it with their constants already lifted out (QueryNormalizer,
 * SimplePlanCache), so "select 1" and "select 2" share the entry for "select $1".
 */
package osgres.sql.internal.parser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ParseCache {
    private final int capacity;
    private final Map<String, List<RawParser.RawStatement>> entries;

    public ParseCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<RawParser.RawStatement>> eldest) {
                return size() > ParseCache.this.capacity;
            }
        };
    }

    public List<RawParser.RawStatement> parse(String sql) {
        synchronized (entries) {
            List<RawParser.RawStatement> hit = entries.get(sql);
            if (hit != null) {
                return hit;
            }
        }
        List<RawParser.RawStatement> parsed = List.copyOf(RawParser.parse(sql));
        synchronized (entries) {
            entries.put(sql, parsed);
        }
        return parsed;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
