package io.jdesk.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what jdesk (or another logger tree) logs with a logback ListAppender, for asserting
 * the OSS log lines and that refusals are logged.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Everything jdesk logs. */
    public LogCapture() {
        this("io.jdesk");
    }

    /** Everything logged under {@code loggerName} (e.g. {@code io.netty}). */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Formatted messages so far, in order. Logback appends under the appender's own monitor
     * ({@code AppenderBase.doAppend} is synchronized), not the list's, so that is the lock to hold.
     */
    public List<String> messages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Whether a message with exactly this text was logged at this level. */
    public boolean has(Level level, String message) {
        synchronized (appender) {
            return appender.list.stream().anyMatch(e -> e.getLevel() == level
                    && e.getFormattedMessage().equals(message));
        }
    }

    /** Whether a message starting with {@code prefix} was logged at this level. */
    public boolean hasPrefix(Level level, String prefix) {
        synchronized (appender) {
            return appender.list.stream().anyMatch(e -> e.getLevel() == level
                    && e.getFormattedMessage().startsWith(prefix));
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
