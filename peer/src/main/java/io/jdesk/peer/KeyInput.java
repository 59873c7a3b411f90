package io.jdesk.peer;

import java.util.List;

/**
 * A decoded KeyEvent (peer.md §7.5). Exactly one of {@code controlKey}, {@code chr},
 * {@code unicode}, {@code seq} is meaningful, as {@link #kind} says.
 *
 * @param down key pressed (true) or released (false)
 * @param press a complete click (down and up)
 * @param kind which of the key fields is set
 * @param controlKey a ControlKey name ("Return", "Escape", "CtrlAltDel", ...) when kind is CONTROL
 * @param chr the key code when kind is CHAR: in Map mode the device platform's code (Windows
 *     set-1 scancode, X11 keycode, macOS virtual key), in Legacy mode the character
 * @param unicode a Unicode code point when kind is UNICODE
 * @param seq text to type when kind is SEQUENCE
 * @param modifiers held modifiers and lock states as ControlKey names
 * @param mode "Legacy", "Map", "Translate" or "Auto"
 */
public record KeyInput(boolean down, boolean press, Kind kind, String controlKey, int chr, int unicode, String seq,
        List<String> modifiers, String mode) {

    public enum Kind { CONTROL, CHAR, UNICODE, SEQUENCE, NONE }

    public KeyInput {
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
        controlKey = controlKey == null ? "" : controlKey;
        seq = seq == null ? "" : seq;
        mode = mode == null ? "Legacy" : mode;
    }

    /** Map mode: a platform key code going down or up. */
    public static KeyInput code(int chr, boolean down) {
        return new KeyInput(down, false, Kind.CHAR, "", chr, 0, "", List.of(), "Map");
    }

    /** Legacy mode: a named control key clicked (e.g. "Return"). */
    public static KeyInput control(String controlKey) {
        return new KeyInput(false, true, Kind.CONTROL, controlKey, 0, 0, "", List.of(), "Legacy");
    }

    /** Legacy mode: type {@code text}. */
    public static KeyInput text(String text) {
        return new KeyInput(false, true, Kind.SEQUENCE, "", 0, 0, text, List.of(), "Legacy");
    }
}
