package io.jdesk.server.relay;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what the relay package logs (logback ListAppender), for asserting the OSS log lines. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.jdesk.server.relay");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Formatted messages so far, in order (the appender's list is synchronised by logback). */
    List<String> messages() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Whether a message with exactly this text was logged at this level. */
    boolean has(Level level, String message) {
        synchronized (appender.list) {
            return appender.list.stream().anyMatch(e -> e.getLevel() == level
                    && e.getFormattedMessage().equals(message));
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
