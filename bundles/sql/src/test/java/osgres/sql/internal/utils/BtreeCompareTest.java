package osgres.sql.internal.utils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BtreeCompareTest {

    @Test
    void bpcharComparesAsTheStrippedStringsDo() {
        List<String> values = List.of("", " ", "a", "a ", "a  ", "ab", "ab ", "a b", "b", "B", "a\t", "é", "é ",
                "12345-678  ", "12345-678", "12345-679", "\u20ac ", "\u20ac");
        for (String a : values) {
            for (String b : values) {
                int expected = Integer.signum(a.stripTrailing().compareTo(b.stripTrailing()));
                assertThat(Integer.signum(BtreeCompare.compare(PgType.BPCHAR, a, b)))
                        .as("'%s' vs '%s'", a, b).isEqualTo(expected);
            }
        }
    }
}
