package io.jdesk.server.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the servers log while they are fuzzed, sorted into three piles (a logback appender on
 * {@code io.jdesk} and {@code io.netty}, attached for the campaign and removed after):
 *
 * <ul>
 *   <li><b>crashes</b>: anything Netty logs at WARN or above — an exception that reached the
 *       tail of a pipeline ("An exceptionCaught() event was fired, and it reached at the tail"),
 *       a {@code LEAK:} report, an event loop failure — any jdesk ERROR, any jdesk WARN carrying
 *       a throwable, the UDP listener's exception warning, and uncaught exceptions of any
 *       thread;</li>
 *   <li><b>suspicious</b>: exceptions the connection handlers caught and answered by closing
 *       (they log them at debug, which this monitor turns on for them) whose type is not one
 *       that hostile input is expected to cause — a NullPointerException or
 *       IndexOutOfBoundsException there is a bug even though the process survived;</li>
 *   <li>everything else, counted by level and logger: the refusals (uuid mismatch, unsolicited
 *       answers, invalid key ...).</li>
 * </ul>
 *
 * While attached, {@code io.jdesk} does not pass its events on to the other appenders (a fuzz
 * run would print millions of refusal lines); Netty's still reach the console.
 */
public final class CrashMonitor extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** Handlers that log the exceptions they handle, at debug. */
    static final List<String> HANDLERS = List.of("io.jdesk.server.rendezvous.ConnectionHandler",
            "io.jdesk.server.relay.RelayAcceptHandler", "io.jdesk.server.relay.PipeHandler",
            "io.jdesk.server.rendezvous.SecureTcpHandler");

    /** Exception types hostile input or a vanishing peer is expected to cause (simple names). */
    static final Set<String> EXPECTED = Set.of("MalformedMessageException", "FrameTooLongException",
            "SecureTcpException", "DecryptionException", "IOException", "SocketException", "NativeIoException",
            "ClosedChannelException", "StacklessClosedChannelException", "TooLongFrameException",
            "TooLongHttpLineException", "TooLongHttpHeaderException", "TooLongHttpContentException",
            "CorruptedFrameException", "CorruptedWebSocketFrameException", "WebSocketHandshakeException",
            "PrematureChannelClosureException", "ReadTimeoutException", "SocketTimeoutException");

    /** Wrappers Netty puts around the real cause. */
    static final Set<String> WRAPPERS = Set.of("DecoderException", "EncoderException", "CodecException");

    private static final Pattern EXCEPTION = Pattern.compile("(?:[A-Za-z_$][\\w$]*\\.)+([A-Z][\\w$]*(?:Exception|Error))\\b");
    private static final int SAMPLES = 20;

    final LongAdder crashes = new LongAdder();
    final LongAdder suspicious = new LongAdder();
    private final Map<String, LongAdder> handled = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> events = new ConcurrentHashMap<>();
    private final List<String> crashSamples = new ArrayList<>();
    private final List<String> suspiciousSamples = new ArrayList<>();
    private final Map<String, String> warnSamples = new ConcurrentHashMap<>();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger jdesk = context.getLogger("io.jdesk");
    private final Logger netty = context.getLogger("io.netty");
    private final Map<Logger, Level> savedLevels = new ConcurrentHashMap<>();
    private final Map<Logger, Boolean> levelWasNull = new ConcurrentHashMap<>();
    private boolean savedAdditive;
    private Thread.UncaughtExceptionHandler savedUncaught;

    /** Attaches to the logging system; {@link #close()} restores it as it was. */
    public CrashMonitor attach() {
        setContext(context);
        setName("fuzz-crash-monitor");
        start();
        savedAdditive = jdesk.isAdditive();
        jdesk.setAdditive(false);
        save(jdesk);
        if (!jdesk.isInfoEnabled()) {
            jdesk.setLevel(Level.INFO);
        }
        jdesk.addAppender(this);
        for (String h : HANDLERS) {
            Logger l = context.getLogger(h);
            save(l);
            l.setLevel(Level.DEBUG);
        }
        netty.addAppender(this);
        savedUncaught = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            crashes.increment();
            sample(crashSamples, "uncaught in " + t.getName() + ": " + e);
            if (savedUncaught != null) {
                savedUncaught.uncaughtException(t, e);
            }
        });
        return this;
    }

    private void save(Logger l) {
        savedLevels.putIfAbsent(l, l.getLevel() == null ? Level.OFF : l.getLevel());
        levelWasNull.putIfAbsent(l, l.getLevel() == null);
    }

    @Override
    protected void append(ILoggingEvent e) {
        Level level = e.getLevel();
        String logger = e.getLoggerName();
        if (level.isGreaterOrEqual(Level.INFO)) {
            String key = level + " " + shortName(logger);
            events.computeIfAbsent(key, k -> new LongAdder()).increment();
            if (level.isGreaterOrEqual(Level.WARN) && warnSamples.size() < 50) {
                warnSamples.putIfAbsent(key + ": " + e.getMessage(), e.getFormattedMessage());
            }
        }
        if (logger.startsWith("io.netty")) {
            if (level.isGreaterOrEqual(Level.WARN)) {
                crash(e);
            }
            return;
        }
        if (level == Level.ERROR || (level == Level.WARN && (e.getThrowableProxy() != null
                || e.getMessage().startsWith("UDP listener")))) {
            crash(e);
            return;
        }
        if (level == Level.DEBUG && HANDLERS.contains(logger)) {
            String type = exceptionType(e);
            if (type != null) {
                handled.computeIfAbsent(type, k -> new LongAdder()).increment();
                if (!EXPECTED.contains(type)) {
                    suspicious.increment();
                    sample(suspiciousSamples, describe(e));
                }
            }
        }
    }

    /** The simple name of the real exception a debug event reports, or null when it reports none. */
    static String exceptionType(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            while (WRAPPERS.contains(simple(t.getClassName())) && t.getCause() != null) {
                t = t.getCause();
            }
            return simple(t.getClassName());
        }
        Object[] args = e.getArgumentArray();
        if (args == null) {
            return null;
        }
        for (int i = args.length - 1; i >= 0; i--) {
            if (args[i] instanceof Throwable th) {
                return simple(th.getClass().getName());
            }
            if (args[i] instanceof String s) {
                Matcher m = EXCEPTION.matcher(s);
                String first = null;
                while (m.find()) {
                    if (m.start() != 0 && first == null) {
                        break; // a class name inside the message text, not the exception itself
                    }
                    String name = simple(m.group(1));
                    if (!WRAPPERS.contains(name)) {
                        return name;
                    }
                    first = name;
                }
                if (first != null) {
                    return first;
                }
            }
        }
        return null;
    }

    private static String simple(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    private static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    private void crash(ILoggingEvent e) {
        crashes.increment();
        sample(crashSamples, describe(e));
    }

    private static String describe(ILoggingEvent e) {
        String s = e.getLevel() + " " + e.getLoggerName() + " [" + e.getThreadName() + "]: " + e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
            String trace = ThrowableProxyUtil.asString(e.getThrowableProxy());
            s += "\n" + trace.lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
        }
        return s;
    }

    private static void sample(List<String> samples, String s) {
        synchronized (samples) {
            if (samples.size() < SAMPLES) {
                samples.add(s);
            }
        }
    }

    public long crashes() {
        return crashes.sum();
    }

    public long suspicious() {
        return suspicious.sum();
    }

    public List<String> crashSamples() {
        synchronized (crashSamples) {
            return List.copyOf(crashSamples);
        }
    }

    public List<String> suspiciousSamples() {
        synchronized (suspiciousSamples) {
            return List.copyOf(suspiciousSamples);
        }
    }

    /** Exceptions the handlers caught, by type. */
    public Map<String, Long> handled() {
        Map<String, Long> m = new TreeMap<>();
        handled.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** One formatted example of each WARN message pattern (at most 50 patterns). */
    public Map<String, String> warnSamples() {
        return new TreeMap<>(warnSamples);
    }

    /** Events at INFO and above by "LEVEL Logger". */
    public Map<String, Long> events() {
        Map<String, Long> m = new TreeMap<>();
        events.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public void close() {
        jdesk.detachAppender(this);
        netty.detachAppender(this);
        jdesk.setAdditive(savedAdditive);
        savedLevels.forEach((l, level) -> l.setLevel(levelWasNull.get(l) ? null : level));
        Thread.setDefaultUncaughtExceptionHandler(savedUncaught);
        stop();
    }
}
