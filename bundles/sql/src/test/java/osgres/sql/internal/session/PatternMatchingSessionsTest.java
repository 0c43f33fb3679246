package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The compiled-pattern cache shared by sessions, and a cancel reaching a long regular-expression search. */
class PatternMatchingSessionsTest {

    @Test
    void sessionsShareThePatternCacheWhileItEvicts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<String>>> sessions = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int session = s;
                sessions.add(pool.submit(() -> {
                    FakeBackend backend = new FakeBackend(true);
                    List<String> wrong = new ArrayList<>();
                    // 400 distinct patterns per session: more than the cache holds, so entries are evicted
                    // while other sessions read them
                    for (int i = 0; i < 400; i++) {
                        int n = (i * 7 + session) % 400;
                        String sql = "select regexp_replace('x" + n + "y', '(\\d+)', '<\\1>'), 'k" + n
                                + "' ~ '^k0*" + n + "$', regexp_match('a" + n + "', 'a(" + n + ")')";
                        FakeBackend.Result r = backend.query(sql);
                        List<String> row = r.error() == null ? r.rows().getFirst() : List.of(r.error().getMessage());
                        List<String> expected = List.of("x<" + n + ">y", "t", "{" + n + "}");
                        if (!row.equals(expected)) {
                            wrong.add(sql + " -> " + row);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : sessions) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancelEndsACatastrophicBacktrackingSearch() throws Exception {
        FakeBackend backend = new FakeBackend(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // java.util.regex backtracks exponentially here (a back reference defeats its loop memoisation; 30 a's
            // take a minute, 40 would take a day; PostgreSQL's engine does not): only a cancel ends it
            Thread[] runner = new Thread[1];
            Future<FakeBackend.Result> query = pool.submit(() -> {
                runner[0] = Thread.currentThread();
                return backend.query("select '" + "a".repeat(40) + "!' ~ '^(a+)+(b)\\2$'");
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!inRegexSearch(runner[0])) {
                assertThat(System.nanoTime()).as("the search started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            backend.cancel();
            FakeBackend.Result r = query.get(30, TimeUnit.SECONDS);
            assertThat(r.error()).isNotNull();
            assertThat(r.error().sqlState()).isEqualTo("57014");
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean inRegexSearch(Thread t) {
        return t != null && Arrays.stream(t.getStackTrace())
                .anyMatch(e -> e.getClassName().startsWith("java.util.regex"));
    }

    @Test
    void aRecursionTooDeepForJavaIsPostgresError() {
        FakeBackend backend = new FakeBackend(true);
        FakeBackend.Result r = backend.query("select regexp_replace(repeat('ab', 200000), '(a|b)*', 'x')");
        if (r.error() != null) {
            assertThat(r.error().sqlState()).isEqualTo("2201B");
            assertThat(r.error().getMessage())
                    .isEqualTo("regular expression failed: regular expression is too complex");
        } else {
            assertThat(r.value()).isEqualTo("x");
        }
    }
}
