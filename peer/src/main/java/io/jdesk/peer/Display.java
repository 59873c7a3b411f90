package io.jdesk.peer;

/**
 * A display the device shows, in its virtual-desktop coordinates (mouse coordinates use the same
 * space, peer.md §7.3).
 */
public record Display(String name, int x, int y, int width, int height) {

    public Display {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("display size must be positive: " + width + "x" + height);
        }
        name = name == null ? "" : name;
    }

    /** One display at the origin. */
    public static Display of(int width, int height) {
        return new Display("Display 1", 0, 0, width, height);
    }
}
