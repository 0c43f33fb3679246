package osgres.sql.internal.func;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.utils.NumericMath;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.TypeIo;

/**
 * The math behind MathFunctions, NumericMath, LibmFunctions and PgRandom; every expected value is what PostgreSQL
 * 15 printed for the same call (the corpus file math.sql checks them end to end).
 */
class MathFunctionsTest {

    private static String numeric(BigDecimal value) {
        return value.toPlainString();
    }

    private static BigDecimal n(String text) {
        return new BigDecimal(text);
    }

    @Test
    void numericResultsHaveNumericCsScales() {
        assertThat(numeric(NumericMath.sqrt(n("2")))).isEqualTo("1.414213562373095");
        assertThat(numeric(NumericMath.sqrt(n("1.000000000000003")))).isEqualTo("1.000000000000001");
        assertThat(numeric(NumericMath.sqrt(n("12345678901234567890")))).isEqualTo("3513641828.8201443");
        assertThat(numeric(NumericMath.exp(n("1.0")))).isEqualTo("2.7182818284590452");
        assertThat(numeric(NumericMath.exp(n("-5.5")))).isEqualTo("0.004086771438464067");
        assertThat(numeric(NumericMath.ln(n("1.0000000001")))).isEqualTo("0.00000000009999999999500000");
        assertThat(numeric(NumericMath.ln(n("123456.789")))).isEqualTo("11.723646487185881");
        assertThat(numeric(NumericMath.log(n("2"), n("64")))).isEqualTo("6.0000000000000000");
        assertThat(numeric(NumericMath.power(n("2.0"), n("0.5")))).isEqualTo("1.4142135623730950");
        assertThat(numeric(NumericMath.power(n("1.123456789"), n("3")))).isEqualTo("1.4179767796223607");
        assertThat(numeric(NumericMath.power(n("10.5"), n("2.5")))).isEqualTo("357.25083099973330");
        assertThat(numeric(NumericMath.power(n("10.0"), n("-2147483648")))).isEqualTo("0.0000000000000000");
    }

    @Test
    void integerValuedNumericFunctions() {
        assertThat(numeric(NumericMath.gcd(n("12.5"), n("2.50")))).isEqualTo("2.50");
        assertThat(numeric(NumericMath.lcm(n("1.1"), n("0.4")))).isEqualTo("4.4");
        assertThat(numeric(NumericMath.div(n("-10.5"), n("3")))).isEqualTo("-3");
        assertThat(numeric(NumericMath.factorial(20))).isEqualTo("2432902008176640000");
        assertThat(NumericMath.widthBucket(n("5.35"), n("0.024"), n("10.06"), 5)).isEqualTo(3);
        assertThat(NumericMath.minScale(n("1.0500"))).isEqualTo(2);
        assertThat(numeric(NumericMath.trimScale(n("-1.10")))).isEqualTo("-1.1");
    }

    @Test
    void errorsCarryPostgresSqlstates() {
        assertThatThrownBy(() -> NumericMath.ln(BigDecimal.ZERO)).isInstanceOf(PgException.class)
                .hasMessage("cannot take logarithm of zero").extracting(e -> ((PgException) e).sqlState())
                .isEqualTo("2201E");
        assertThatThrownBy(() -> NumericMath.power(n("-2.0"), n("0.5")))
                .hasMessage("a negative number raised to a non-integer power yields a complex result");
        assertThatThrownBy(() -> NumericMath.exp(n("10000"))).hasMessage("value overflows numeric format");
        assertThatThrownBy(() -> NumericMath.factorial(-1)).hasMessage("factorial of a negative number is undefined");
        assertThatThrownBy(() -> MathFunctions.power(0, -1)).hasMessage("zero raised to a negative power is undefined");
        assertThatThrownBy(() -> MathFunctions.power(10, 400)).hasMessage("value out of range: overflow");
    }

    @Test
    void floatResultsMatchGlibcsBits() {
        assertThat(LibmFunctions.cbrt(27)).isEqualTo(3.0000000000000004);
        assertThat(LibmFunctions.sin(-2.5)).isEqualTo(-0.5984721441039565);
        assertThat(LibmFunctions.cosh(1)).isEqualTo(1.5430806348152437);
        assertThat(LibmFunctions.acosh(2)).isEqualTo(1.3169578969248166);
        assertThat(LibmFunctions.atanh(0.5)).isEqualTo(0.5493061443340548);
        assertThat(MathFunctions.power(Double.NEGATIVE_INFINITY, -3)).isEqualTo(-0.0);
        assertThat(MathFunctions.power(Double.NaN, 0)).isEqualTo(1.0);
    }

    @Test
    void float8OutputNeverUsesARoundingBound() {
        assertThat(TypeIo.formatDouble(1.6953e21, 1)).isEqualTo("1.6952999999999999e+21");
        assertThat(TypeIo.formatDouble(0.1, 1)).isEqualTo("0.1");
        assertThat(TypeIo.formatDouble(131.1070328621992, 0)).isEqualTo("131.107032862199");
    }

    @Test
    void setseedRepeatsPostgresSequence() {
        SessionServices session = (SessionServices) java.lang.reflect.Proxy.newProxyInstance(
                SessionServices.class.getClassLoader(), new Class<?>[] {SessionServices.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        PgRandom.setseed(session, 0.5);
        PgRandom random = PgRandom.of(session);
        assertThat(random.nextDouble()).isEqualTo(0.9851677175347999);
        assertThat(random.nextDouble()).isEqualTo(0.825301858027981);
        assertThat(random.nextDouble()).isEqualTo(0.12974610012450416);
        assertThatThrownBy(() -> PgRandom.setseed(session, 2)).hasMessage(
                "setseed parameter 2 is out of allowed range [-1,1]");
    }
}
