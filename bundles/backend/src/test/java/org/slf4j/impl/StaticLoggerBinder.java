package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

import osgres.backend.internal.CapturedLog;

/** SLF4J 1.7 binding for the tests: every line osgres.api.ServerLog writes goes to {@link CapturedLog}. */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
    public static String REQUESTED_API_VERSION = "1.7.36";
    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> CapturedLog.LOGGER;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return CapturedLog.class.getName();
    }
}
