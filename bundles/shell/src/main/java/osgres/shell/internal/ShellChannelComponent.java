package osgres.shell.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.FrameworkProperties;
import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * Opens the owner-only shell channel ({@link ShellChannel}) in the data directory, so that
 * {@code osgres shell -D DIR} reaches the Gogo commands of a server started in the background by pg_ctl.
 * Any Gogo command can be run through it, not only {@code osgres:*}: whoever owns the data directory owns
 * the server anyway. Without a data directory (framework property {@code osgres.data_directory}) or when the
 * socket cannot be created, it logs a warning and stays idle; the server runs on without it.
 */
@Component(name = "osgres.shell.channel", immediate = true)
public final class ShellChannelComponent {

    private final ShellChannel channel;

    /**
     * The command processor is static and mandatory: without Gogo there is nothing to run. If Gogo goes away
     * the channel closes (connected clients see end of file) and reopens when it returns.
     */
    @Activate
    public ShellChannelComponent(BundleContext context, @Reference(name = "commandProcessor") CommandProcessor gogo) {
        String dataDirectory = context.getProperty(FrameworkProperties.DATA_DIRECTORY);
        if (dataDirectory == null || dataDirectory.isBlank()) {
            ServerLog.log(Severity.WARNING, Messages.noDataDirectory(FrameworkProperties.DATA_DIRECTORY));
            channel = null;
            return;
        }
        Path socket = Path.of(dataDirectory).resolve(ShellProtocol.SOCKET_NAME);
        ShellChannel opened = new ShellChannel(socket, () -> new GogoShellSession(gogo));
        try {
            opened.start();
        } catch (IOException | RuntimeException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotCreateSocket(socket, e.getMessage()));
            opened = null;
        }
        channel = opened;
    }

    @Deactivate
    public void deactivate() {
        if (channel != null) {
            channel.close();
        }
    }
}
