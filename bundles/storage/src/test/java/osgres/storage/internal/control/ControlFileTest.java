package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/** pg_control's PostgreSQL 15 layout, and the layout osgres wrote before it, read once for an upgrade. */
class ControlFileTest {

    @Test
    void encodesPostgresLayoutAndReadsItBack() {
        byte[] nonce = new byte[ControlFile.MOCK_NONCE_LENGTH];
        nonce[0] = 7;
        ControlFile control = ControlFile.initial(42L << 32 | 9, 1_700_000_000L, nonce)
                .withCheckpoint(ControlFile.DB_IN_PRODUCTION, 1_700_000_100L, 0x2000028L, 0x2000000L, 750, 16500)
                .withParameters(new ControlFile.Parameters(1, false, 37, 8, 4, 0, 64, false, true));
        byte[] bytes = control.encode();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes).hasSize(8192);
        assertThat(b.getInt(16)).as("state where pg_ctl promote reads it").isEqualTo(6);
        assertThat(b.getLong(32)).isEqualTo(0x2000028L);
        assertThat(b.getLong(40)).isEqualTo(0x2000000L);
        assertThat(b.getInt(48)).as("ThisTimeLineID").isEqualTo(1);
        assertThat(b.getLong(64)).isEqualTo(750);
        assertThat(b.getInt(72)).isEqualTo(16500);
        assertThat(b.getInt(180)).as("MaxConnections").isEqualTo(37);
        assertThat(b.getInt(228)).as("xlog_seg_size").isEqualTo(16 << 20);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 288);
        assertThat(b.getInt(288)).isEqualTo((int) crc.getValue());

        ControlFile back = ControlFile.decode(bytes);
        assertThat(back.checkpointLsn()).isEqualTo(0x2000028L);
        assertThat(back.redoLsn()).isEqualTo(0x2000000L);
        assertThat(back.nextXid()).isEqualTo(750);
        assertThat(back.nextOid()).isEqualTo(16500);
        assertThat(back.parameters()).isEqualTo(control.parameters());
        assertThat(back.mockNonce()).isEqualTo(nonce);
        assertThat(back.timeline()).isEqualTo(1);
    }

    @Test
    void readsTheLayoutOsgresWroteBefore() {
        byte[] bytes = new byte[8192];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 99);
        b.putInt(8, 1300);
        b.putInt(16, ControlFile.DB_SHUTDOWNED);
        b.putLong(32, 0x1000028L);
        b.putLong(40, 0x1000028L);
        b.putLong(56, 800);
        b.putLong(64, 17000);
        b.putInt(80, 1);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 84);
        b.putInt(84, (int) crc.getValue());
        ControlFile old = ControlFile.decode(bytes);
        assertThat(old.checkpointLsn()).isEqualTo(0x1000028L);
        assertThat(old.nextXid()).isEqualTo(800);
        assertThat(old.nextOid()).isEqualTo(17000);
        assertThat(ControlFile.decode(old.encode()).nextOid()).isEqualTo(17000);
    }

    @Test
    void refusesAFileWhoseChecksumMatchesNoLayout() {
        byte[] bytes = ControlFile.initial(1, 1, new byte[32]).encode();
        bytes[20] ^= 1;
        bytes[16] ^= 1;
        assertThatThrownBy(() -> ControlFile.decode(bytes)).hasMessage("incorrect checksum in control file");
    }
}
