package osgres.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerLogTest {

    @AfterEach
    void reset() {
        ServerLog.unbind();
        ServerLog.configure("%m [%p] ", ZoneId.of("UTC"), Severity.WARNING);
    }

    @Test
    void defaultPrefixIsTimestampWithMillisAndPid() {
        ServerLog.bindProcess(4242, ChildKind.BACKEND);
        assertThat(ServerLog.prefix()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC \\[4242\\] ");
    }

    @Test
    void sessionEscapesAndStopEscape() {
        ServerLog.configure("%u@%d %a %r %q%b ", ZoneId.of("UTC"), Severity.WARNING);
        assertThat(ServerLog.prefix()).isEqualTo("@   ");
        ServerLog.bindProcess(7, ChildKind.BACKEND);
        ServerLog.bindSession("alice", "postgres", "psql", "127.0.0.1", "5000");
        assertThat(ServerLog.prefix()).isEqualTo("alice@postgres psql 127.0.0.1(5000) client backend ");
    }

    @Test
    void logIsAboveErrorForTheServerLog() {
        assertThat(ServerLog.isLogged(Severity.LOG)).isTrue();
        assertThat(ServerLog.isLogged(Severity.NOTICE)).isFalse();
        assertThat(Severity.LOG.compareTo(Severity.ERROR)).isPositive();
    }
}
