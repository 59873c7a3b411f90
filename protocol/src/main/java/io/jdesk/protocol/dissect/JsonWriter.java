package io.jdesk.protocol.dissect;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer with two-space indentation, for the dissector's output.
 * Not a parser and not general purpose: callers emit well-nested structures (checked).
 * Not thread-safe; one instance per document.
 */
public final class JsonWriter {

    private enum Scope { OBJECT, ARRAY }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /** Whether the current container already holds an element (a comma is due). */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        return open(Scope.OBJECT, '{');
    }

    public JsonWriter endObject() {
        return close(Scope.OBJECT, '}');
    }

    public JsonWriter beginArray() {
        return open(Scope.ARRAY, '[');
    }

    public JsonWriter endArray() {
        return close(Scope.ARRAY, ']');
    }

    /** Member name; must be inside an object and followed by exactly one value. */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT || afterName) {
            throw new IllegalStateException("name outside an object: " + name);
        }
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /** A string value, escaped per RFC 8259. */
    public JsonWriter value(String s) {
        beforeValue();
        string(s);
        return this;
    }

    /** A number or literal ({@code true}, {@code false}) written as given. */
    public JsonWriter rawNumber(String literal) {
        beforeValue();
        out.append(literal);
        return this;
    }

    @Override
    public String toString() {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("unclosed JSON structure");
        }
        return out.toString();
    }

    private JsonWriter open(Scope scope, char c) {
        beforeValue();
        out.append(c);
        scopes.push(scope);
        nonEmpty.push(false);
        return this;
    }

    private JsonWriter close(Scope scope, char c) {
        if (scopes.peek() != scope || afterName) {
            throw new IllegalStateException("mismatched close " + c);
        }
        scopes.pop();
        if (nonEmpty.pop()) {
            newline();
        }
        out.append(c);
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (scopes.peek() == Scope.OBJECT) {
            throw new IllegalStateException("value without a name inside an object");
        }
        if (!scopes.isEmpty()) {
            separate();
        } else if (out.length() > 0) {
            throw new IllegalStateException("more than one top-level value");
        }
    }

    private void separate() {
        if (nonEmpty.peek()) {
            out.append(',');
        }
        nonEmpty.pop();
        nonEmpty.push(true);
        newline();
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < scopes.size(); i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f || (c >= 0x2028 && c <= 0x2029)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
