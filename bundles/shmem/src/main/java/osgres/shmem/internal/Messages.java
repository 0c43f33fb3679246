package osgres.shmem.internal;

/** Every message the shared-memory bundle raises, in one place so they grep (texts from PostgreSQL's shmem.c). */
final class Messages {

    static String notEnoughSharedMemory(String name, long bytes) {
        return "not enough shared memory for data structure \"" + name + "\" (" + bytes + " bytes requested)";
    }

    static String wrongEntrySize(String name, long expected, long actual) {
        return "ShmemIndex entry size is wrong for data structure \"" + name + "\": expected " + expected
                + ", actual " + actual;
    }

    static String negativeSize(String name, long bytes) {
        return "invalid size " + bytes + " requested for data structure \"" + name + "\"";
    }

    static String generationClosed(long generation) {
        return "shared memory generation " + generation + " has been released";
    }

    static String couldNotRelease(long generation, String reason) {
        return "could not release shared memory generation " + generation + ": " + reason;
    }

    private Messages() {
    }
}
