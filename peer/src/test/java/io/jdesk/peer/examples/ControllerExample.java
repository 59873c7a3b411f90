package io.jdesk.peer.examples;

import io.jdesk.peer.Controller;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.MouseInput;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.Session;
import io.jdesk.peer.SessionKind;
import io.jdesk.peer.SessionListener;
import io.jdesk.peer.VideoCodec;
import java.io.IOException;

/** The controller example of docs/peer-library.md; DocExamplesTest compiles and runs it. */
public final class ControllerExample {

    private ControllerExample() {
    }

    // BEGIN controller-example
    /** Logs in to a device, prints what it is, clicks once, and fetches a file if it shares one. */
    public static String controlDevice(String server, String key, String id, String password)
            throws IOException {
        Controller controller = Controller.builder()
                .server(server)
                .key(key)
                .build();
        SessionListener screen = new SessionListener() {
            @Override public void videoFrame(VideoCodec codec, EncodedFrame frame, int display) {
                // hand frame.data() to a decoder of `codec`
            }
            @Override public void closed(String reason) {
                System.out.println("session closed: " + reason);
            }
        };
        String info;
        try (Session session = controller.connect(id, password, SessionKind.REMOTE_DESKTOP, screen)) {
            info = session.peer().json();
            System.out.println(session.peer().hostname() + " via " + session.path());
            session.mouse(MouseInput.move(100, 100));
            session.mouse(MouseInput.down(MouseInput.LEFT, 100, 100));
            session.mouse(MouseInput.up(MouseInput.LEFT, 100, 100));
        } catch (PeerException e) {
            // e.reason(): ID_NOT_EXIST, OFFLINE, KEY_MISMATCH, WRONG_PASSWORD, UNTRUSTED, ...
            System.err.println("cannot connect: " + e.getMessage());
            throw e;
        }
        try (Session files = controller.connect(id, password, SessionKind.FILE_TRANSFER, new SessionListener() { })) {
            files.list("").forEach(f -> System.out.println((f.directory() ? "d " : "- ") + f.name()));
        } catch (PeerException e) {
            System.err.println("no file transfer: " + e.getMessage()); // e.g. the device shares no directory
        }
        return info;
    }
    // END controller-example
}
