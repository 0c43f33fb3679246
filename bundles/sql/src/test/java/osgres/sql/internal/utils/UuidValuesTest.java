package osgres.sql.internal.utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

class UuidValuesTest {
    private static final String CANONICAL = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

    @Test
    void inputAcceptsUuidCsFormsAndOutputIsLowerCase() {
        for (String form : new String[] {CANONICAL, CANONICAL.toUpperCase(java.util.Locale.ROOT),
            "{a0eebc99-9c0b4ef8-bb6d6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
            "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"}) {
            assertThat(UuidValues.format(UuidValues.parse(form))).as(form).isEqualTo(CANONICAL);
        }
    }

    @Test
    void inputRejectsWhatStringToUuidRejects() {
        for (String bad : new String[] {"", " " + CANONICAL, CANONICAL + " ", CANONICAL + "0", "{" + CANONICAL,
            CANONICAL + "}", "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1-1", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}) {
            assertThatThrownBy(() -> UuidValues.parse(bad)).as(bad).isInstanceOfSatisfying(PgException.class,
                    e -> {
                        assertThat(e.sqlState()).isEqualTo("22P02");
                        assertThat(e.getMessage()).isEqualTo("invalid input syntax for type uuid: \"" + bad + "\"");
                    });
        }
    }

    @Test
    void binaryIsTheSixteenBytesAndOrderIsUnsigned() {
        UUID id = UUID.fromString(CANONICAL);
        assertThat(UuidValues.send(id))
                .isEqualTo(java.util.HexFormat.of().parseHex("a0eebc999c0b4ef8bb6d6bb9bd380a11"));
        assertThat(UuidValues.receive(UuidValues.send(id), 1)).isEqualTo(id);
        assertThatThrownBy(() -> UuidValues.receive(new byte[15], 2)).isInstanceOf(PgException.class);
        assertThat(UuidValues.compare(UUID.fromString("80000000-0000-0000-0000-000000000000"),
                UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"))).isPositive();
        assertThat(UuidValues.compare(id, UuidValues.parse(CANONICAL.toUpperCase(java.util.Locale.ROOT)))).isZero();
    }

    @Test
    void randomUuidsAreVersionFourVariantOne() {
        for (int i = 0; i < 100; i++) {
            UUID id = UuidValues.random();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
        }
    }
}
