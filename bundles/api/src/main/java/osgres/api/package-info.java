/**
 * The services and values the osgres roles share: postmaster control, children, GUCs, host-based
 * authentication, shared memory, auxiliary processes, the backend factory, the listener, errors and
 * the server log. Mirrors PostgreSQL's {@code include/postmaster} and {@code include/storage} headers.
 */
@Export
@Version("0.2.0")
package osgres.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
