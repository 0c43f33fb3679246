package osgres.signals.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small JVM for {@link SignalEndToEndTest}: runs the real component against a recording postmaster and
 * prints one line per request, until SIGQUIT's immediate shutdown request (or a minute) has passed.
 */
public final class SignalProbe {

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch immediate = new CountDownLatch(1);
        RecordingPostmaster postmaster = new RecordingPostmaster(request -> {
            System.out.println("request: " + request);
            System.out.flush();
            if (request.equals("shutdown IMMEDIATE")) {
                immediate.countDown();
            }
        });
        System.out.println("not blocked: " + PostmasterSignals.notBlocked());
        SignalHandlerComponent component = new SignalHandlerComponent(postmaster);
        System.out.println("reading: " + component.isReading());
        System.out.flush();
        boolean quit = immediate.await(60, TimeUnit.SECONDS);
        component.deactivate();
        System.out.println("stopped: " + !component.isReading());
        System.out.flush();
        System.exit(quit ? 0 : 3);
    }

    private SignalProbe() {
    }
}
