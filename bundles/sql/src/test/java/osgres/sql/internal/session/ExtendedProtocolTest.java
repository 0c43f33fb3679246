package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.ExecutionResult;
import osgres.sql.Portal;
import osgres.sql.Statement;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

class ExtendedProtocolTest {
    private final FakeBackend backend = new FakeBackend(true);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[][]> run(Portal portal) {
        List<byte[][]> rows = new ArrayList<>();
        ExecutionResult r = portal.execute(0, rows::add);
        assertThat(r.suspended()).isFalse();
        return rows;
    }

    @Test
    void parameterTypesAreInferredFromContext() {
        assertThat(backend.session.prepare("select $1::int + 1", new int[0]).parameterTypes()).containsExactly(23);
        assertThat(backend.session.prepare("select $1::int + 1", new int[] {0}).parameterTypes()).containsExactly(23);
        assertThat(backend.session.prepare("select $1", new int[0]).parameterTypes()).containsExactly(25);
        assertThat(backend.session.prepare("select $1 = $2", new int[0]).parameterTypes()).containsExactly(25, 25);
        assertThat(backend.session.prepare("select $2 + 1", new int[] {23}).parameterTypes()).containsExactly(23, 23);
        assertThat(backend.session.prepare("select coalesce($1, 1)", new int[0]).parameterTypes()).containsExactly(23);
        assertThat(backend.session.prepare("select 1.5 * $1", new int[0]).parameterTypes()).containsExactly(1700);
        assertThatThrownBy(() -> backend.session.prepare("select $1 is null", new int[0]))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42P18");
                    assertThat(e.getMessage()).isEqualTo("could not determine data type of parameter $1");
                });
        backend.session.sync();
    }

    @Test
    void textAndBinaryParametersAndResults() {
        Statement s = backend.session.prepare(
                "select $1::int + 1, $2::text, $3::float8, $4::bool, $5::int8, $6::numeric",
                new int[] {23, 25, 701, 16, 20, 1700});
        assertThat(s.columns()).hasSize(6);
        Portal textPortal = backend.session.bind(s, List.of(text("41"), text("x"), text("1.5"), text("t"),
                text("7"), text("1.25")), new short[0], new short[0]);
        assertThat(FakeBackend.text(run(textPortal).getFirst())).containsExactly("42", "x", "1.5", "t", "7", "1.25");

        List<byte[]> binary = List.of(ByteBuffer.allocate(4).putInt(41).array(), text("y"),
                ByteBuffer.allocate(8).putDouble(2.5).array(), new byte[] {0},
                ByteBuffer.allocate(8).putLong(9).array(),
                TypeIo.sendNumeric(new BigDecimal("-12345.678")));
        Portal binaryPortal = backend.session.bind(s, binary, new short[] {1}, new short[] {1});
        byte[][] row = run(binaryPortal).getFirst();
        assertThat(ByteBuffer.wrap(row[0]).getInt()).isEqualTo(42);
        assertThat(new String(row[1], StandardCharsets.UTF_8)).isEqualTo("y");
        assertThat(ByteBuffer.wrap(row[2]).getDouble()).isEqualTo(2.5);
        assertThat(row[3]).containsExactly(0);
        assertThat(ByteBuffer.wrap(row[4]).getLong()).isEqualTo(9);
        assertThat(TypeIo.receive(PgType.NUMERIC, row[5], 1)).isEqualTo(new BigDecimal("-12345.678"));

        Portal nulls = backend.session.bind(s, Arrays.asList(null, null, null, null, null, null), new short[0],
                new short[0]);
        assertThat(Arrays.asList(run(nulls).getFirst())).containsOnlyNulls();
        backend.session.sync();
    }

    @Test
    void badParameterTextIs22P02() {
        Statement s = backend.session.prepare("select $1::int + 1", new int[] {23});
        assertThatThrownBy(() -> backend.session.bind(s, List.of(text("abc")), new short[0], new short[0]))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22P02");
                    assertThat(e.getMessage()).isEqualTo("invalid input syntax for type integer: \"abc\"");
                });
        assertThatThrownBy(() -> backend.session.bind(s, List.of(new byte[2]), new short[] {1}, new short[0]))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("22P03"));
        backend.session.sync();
        assertThat(backend.session.transactionStatus()).isEqualTo('I');
    }

    @Test
    void portalsCanBeSuspendedAndResumed() {
        Statement s = backend.session.prepare("show all", new int[0]);
        assertThat(s.columns()).extracting(c -> c.name()).containsExactly("name", "setting", "description");
        Portal p = backend.session.bind(s, List.of(), new short[0], new short[0]);
        List<byte[][]> rows = new ArrayList<>();
        ExecutionResult first = p.execute(2, rows::add);
        assertThat(first.suspended()).isTrue();
        assertThat(rows).hasSize(2);
        ExecutionResult rest = p.execute(0, rows::add);
        assertThat(rest.suspended()).isFalse();
        assertThat(rest.commandTag()).isEqualTo("SHOW");
        assertThat(rows.size()).isGreaterThan(10);
        assertThat(rows).extracting(r -> new String(r[0], StandardCharsets.UTF_8)).contains("DateStyle", "work_mem");

        Portal one = backend.session.bind(backend.session.prepare("select 1", new int[0]), List.of(), new short[0],
                new short[0]);
        ExecutionResult exact = one.execute(1, r -> { });
        assertThat(exact.suspended()).isFalse();
        assertThat(exact.commandTag()).isEqualTo("SELECT 1");
        backend.session.sync();
    }

    @Test
    void emptyStatementAndMultipleCommands() {
        Statement empty = backend.session.prepare("", new int[0]);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.columns()).isEmpty();
        assertThatThrownBy(() -> backend.session.prepare("select 1; select 2", new int[0]))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("42601"));
        backend.session.sync();
    }

    @Test
    void parseInAFailedBlockIs25P02ExceptForRollback() {
        backend.query("begin");
        backend.session.parseSimple("select 1/0").forEach(st -> assertThatThrownBy(() ->
                backend.session.bind(st, List.of(), new short[0], new short[0]).execute(0, r -> { }))
                .isInstanceOf(PgException.class));
        assertThat(backend.session.transactionStatus()).isEqualTo('E');
        assertThatThrownBy(() -> backend.session.prepare("select 1", new int[0]))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("25P02"));
        Statement rollback = backend.session.prepare("rollback", new int[0]);
        assertThat(backend.session.bind(rollback, List.of(), new short[0], new short[0]).execute(0, r -> { })
                .commandTag()).isEqualTo("ROLLBACK");
        backend.session.sync();
        assertThat(backend.session.transactionStatus()).isEqualTo('I');
    }
}
