package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

/** The system's reason, as %m prints it, never Java's text or "null". */
class SocketErrorsTest {

    @Test
    void jdkTextsBecomeStrerrorTexts() {
        assertThat(SocketErrors.sendReason(new IOException("Broken pipe"))).isEqualTo("Broken pipe");
        assertThat(SocketErrors.sendReason(new SocketException("Connection reset"))).isEqualTo(
                "Connection reset by peer");
        assertThat(SocketErrors.receiveReason(new IOException("Connection reset by peer"))).isEqualTo(
                "Connection reset by peer");
        assertThat(SocketErrors.receiveReason(new IOException("Connection timed out"))).isEqualTo(
                "Connection timed out");
    }

    @Test
    void exceptionsWithoutAMessageGetTheDirectionsUsualReason() {
        assertThat(SocketErrors.sendReason(new ClosedChannelException())).isEqualTo("Broken pipe");
        assertThat(SocketErrors.sendReason(new AsynchronousCloseException())).isEqualTo("Broken pipe");
        assertThat(SocketErrors.sendReason(new IOException())).isEqualTo("Broken pipe");
        assertThat(SocketErrors.receiveReason(new IOException((String) null))).isEqualTo("Connection reset by peer");
        assertThat(Messages.couldNotSend(SocketErrors.sendReason(new IOException()))).isEqualTo(
                "could not send data to client: Broken pipe");
    }
}
