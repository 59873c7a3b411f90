package io.jdesk.peer.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote path mapping: "/" is the shared folder, '/' the only separator. */
class SharedRootTest {

    @TempDir
    Path dir;

    private SharedRoot root;

    @BeforeEach
    void open() throws Exception {
        root = SharedRoot.of(dir, new FileLimits(8, 100, 100, 40, 4, 8));
    }

    @Test
    void parsesAndNormalises() throws Exception {
        assertThat(root.parse("")).isEmpty();
        assertThat(root.parse("/")).isEmpty();
        assertThat(root.parse("//a//b/")).containsExactly("a", "b");
        assertThat(root.parse("a/./b")).containsExactly("a", "b");
        assertThat(root.parse("/a/../b")).containsExactly("b");
        assertThat(root.parse("/a\\b")).containsExactly("a\\b");
        assertThat(SharedRoot.remote(root.parse("x/y/../z"))).isEqualTo("/x/z");
        assertThat(SharedRoot.remote(List.of())).isEqualTo("/");
    }

    @Test
    void refusesEscapesAndOddInput() {
        for (String bad : List.of("..", "/..", "/a/../..", "a/b/../../../c")) {
            assertThatThrownBy(() -> root.parse(bad)).as(bad)
                    .hasMessage(SharedRoot.OUTSIDE);
        }
        assertThatThrownBy(() -> root.parse("/a\0b")).hasMessage("Invalid file name");
        assertThatThrownBy(() -> root.parse("/" + "x".repeat(40)))
                .hasMessage("Path too long");
        assertThatThrownBy(() -> root.parse("/a/b/c/d/e")).hasMessage("Path too deep");
    }

    @Test
    void relativeJobNamesMustStayRelative() throws Exception {
        assertThat(root.parseRelative("sub/a.txt")).containsExactly("sub", "a.txt");
        for (String bad : List.of("", "/abs", "a/../b", "../x")) {
            assertThatThrownBy(() -> root.parseRelative(bad)).as(bad)
                    .isInstanceOf(RefusedException.class);
        }
    }

    @Test
    void writeTargetsResolveLinksInsideAndRefuseLinksOutside() throws Exception {
        Path inside = Files.createDirectories(dir.resolve("real"));
        Path outside = Files.createTempDirectory("outside");
        Files.createSymbolicLink(dir.resolve("in-link"), inside);
        Files.createSymbolicLink(dir.resolve("out-link"), outside);
        try {
            assertThat(root.forWrite(List.of("in-link", "new", "f.txt")))
                    .isEqualTo(inside.toRealPath().resolve("new/f.txt"));
            // the last component is never followed
            assertThat(root.forWrite(List.of("out-link"))).isEqualTo(root.path()
                    .resolve("out-link"));
            assertThatThrownBy(() -> root.forWrite(List.of("out-link", "f.txt")))
                    .hasMessage(SharedRoot.OUTSIDE);
            assertThatThrownBy(() -> root.existing(List.of("out-link")))
                    .hasMessage(SharedRoot.OUTSIDE);
            assertThatThrownBy(() -> root.forWrite(List.of()))
                    .isInstanceOf(RefusedException.class);
        } finally {
            Files.delete(outside);
        }
    }
}
