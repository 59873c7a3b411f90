package io.jdesk.peer;

import java.util.List;

/**
 * A decoded MouseEvent (peer.md §7.4).
 *
 * @param type what happened
 * @param buttons {@link #LEFT}, {@link #RIGHT}, {@link #MIDDLE}, {@link #BACK}, {@link #FORWARD}
 *     bits; one button per DOWN/UP
 * @param x absolute position for MOVE/DOWN/UP, deltas for WHEEL (notches, positive = up/left),
 *     TRACKPAD and MOVE_RELATIVE (pixels)
 * @param y as x
 * @param modifiers held modifier keys, as ControlKey names ("Shift", "Control", "Alt", "Meta", ...)
 */
public record MouseInput(Type type, int buttons, int x, int y, List<String> modifiers) {

    public static final int LEFT = 0x01;
    public static final int RIGHT = 0x02;
    public static final int MIDDLE = 0x04;
    public static final int BACK = 0x08;
    public static final int FORWARD = 0x10;

    /** The low three bits of the wire mask. */
    public enum Type { MOVE, DOWN, UP, WHEEL, TRACKPAD, MOVE_RELATIVE }

    public MouseInput {
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    }

    public static MouseInput move(int x, int y) {
        return new MouseInput(Type.MOVE, 0, x, y, List.of());
    }

    public static MouseInput down(int button, int x, int y) {
        return new MouseInput(Type.DOWN, button, x, y, List.of());
    }

    public static MouseInput up(int button, int x, int y) {
        return new MouseInput(Type.UP, button, x, y, List.of());
    }

    public static MouseInput wheel(int dx, int dy) {
        return new MouseInput(Type.WHEEL, 0, dx, dy, List.of());
    }

    /** The wire mask: {@code buttons << 3 | type}. */
    public int mask() {
        return buttons << 3 | type.ordinal();
    }
}
