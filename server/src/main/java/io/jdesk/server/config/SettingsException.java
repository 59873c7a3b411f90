package io.jdesk.server.config;

import java.util.List;

/**
 * The settings cannot be used; lists every {@link Violation} found, not just the first, so an
 * operator fixes them in one round. The message never contains a secret value.
 */
public final class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not serialized: the exception is reported in-process. */
    private final transient List<Violation> violations;

    /** @param violations at least one */
    public SettingsException(List<Violation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    /** @return every problem, in catalogue order */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a SettingsException needs at least one violation");
        }
        StringBuilder out = new StringBuilder("Invalid settings (").append(violations.size())
                .append(violations.size() == 1 ? " problem):" : " problems):");
        for (Violation v : violations) {
            out.append(System.lineSeparator()).append("  - ").append(v.message());
        }
        return out.toString();
    }
}
