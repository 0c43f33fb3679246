package osgres.postmaster.internal;

import java.util.Comparator;

import org.osgi.framework.Version;

import osgres.api.AuxiliaryProcess;

/**
 * One registered {@link AuxiliaryProcess} service and the bundle that provides it. Two jars of the same bundle in
 * {@code deploy/} with different versions are two bundles and so two providers of one kind: the postmaster runs
 * the {@link #PREFERENCE preferred} one and keeps the others bound but idle, so removing either jar never leaves
 * the kind without a provider while another remains.
 *
 * @param process   the service
 * @param bundle    the providing bundle's symbolic name ({@code osgres.bgwriter})
 * @param version   its Bundle-Version
 * @param serviceId the service's {@code service.id}: the later registration wins a tie of versions
 */
record AuxiliaryProvider(AuxiliaryProcess process, String bundle, Version version, long serviceId) {

    /** Highest version first; for equal versions the most recently registered service. */
    static final Comparator<AuxiliaryProvider> PREFERENCE = Comparator.comparing(AuxiliaryProvider::version)
            .thenComparingLong(AuxiliaryProvider::serviceId).reversed();

    /** How osgres:ps and the log name it: {@code osgres.bgwriter 0.1.2}. */
    String label() {
        return bundle + " " + version;
    }
}
