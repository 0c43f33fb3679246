package osgres.shmem.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.Settings;
import osgres.api.SharedMemory;
import osgres.api.SharedMemoryOwner;

/**
 * The stable owner of shared memory (PostgreSQL's ipci.c {@code CreateSharedMemoryAndSemaphores()}): the
 * postmaster asks it to create the first generation at start, to replace it on a crash reset and to free it
 * at exit. It registers each {@link SharedMemory} generation itself, through its bundle context, with the
 * service property {@value SharedMemory#GENERATION}, so that DS deactivates every user of a generation when
 * it is withdrawn. It sizes the arena from {@code shared_buffers}, {@code wal_buffers} and
 * {@code max_connections} (all postmaster-context settings, so a reload never changes them). It does not
 * create anything on its own and logs nothing: the postmaster decides and logs.
 */
@Component(name = "osgres.shmem", immediate = true, service = SharedMemoryOwner.class)
public final class SharedMemoryOwnerComponent implements SharedMemoryOwner {

    /** PostgreSQL 15's defaults, used only if the GUC table lacks a parameter. */
    private static final long DEFAULT_SHARED_BUFFERS = 16384;
    private static final long DEFAULT_WAL_BUFFERS = -1;
    private static final long DEFAULT_MAX_CONNECTIONS = 100;

    private final SharedMemoryGenerations generations;

    /**
     * Settings is static and mandatory: the size comes from it. Losing it (osgres.config replaced) deactivates
     * this component, which frees shared memory, as a server restart would.
     */
    @Activate
    public SharedMemoryOwnerComponent(BundleContext context, @Reference(name = "settings") Settings settings) {
        this.generations = new SharedMemoryGenerations(() -> sizeFrom(settings), memory -> {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(SharedMemory.GENERATION, memory.generation());
            ServiceRegistration<SharedMemory> registration =
                    context.registerService(SharedMemory.class, memory, properties);
            return registration::unregister;
        });
    }

    static long sizeFrom(Settings settings) {
        return SharedMemorySize.bytes(setting(settings, "shared_buffers", DEFAULT_SHARED_BUFFERS),
                setting(settings, "wal_buffers", DEFAULT_WAL_BUFFERS),
                setting(settings, "max_connections", DEFAULT_MAX_CONNECTIONS));
    }

    private static long setting(Settings settings, String name, long fallback) {
        return settings.definition(name).isPresent() ? settings.intValue(name) : fallback;
    }

    @Deactivate
    public void deactivate() {
        generations.destroy();
    }

    @Override
    public long create() {
        return generations.create();
    }

    @Override
    public long reinitialize() {
        return generations.reinitialize();
    }

    @Override
    public void destroy() {
        generations.destroy();
    }

    @Override
    public long generation() {
        return generations.generation();
    }

    @Override
    public long size() {
        return generations.size();
    }
}
