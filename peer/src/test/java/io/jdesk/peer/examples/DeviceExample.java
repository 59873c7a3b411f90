package io.jdesk.peer.examples;

import io.jdesk.peer.Device;
import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.Display;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.InputSink;
import io.jdesk.peer.KeyInput;
import io.jdesk.peer.MouseInput;
import io.jdesk.peer.SessionInfo;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.VideoSource;
import java.io.IOException;
import java.nio.file.Path;

/** The device example of docs/peer-library.md; DocExamplesTest compiles and runs it. */
public final class DeviceExample {

    private DeviceExample() {
    }

    // BEGIN device-example
    /** A device that streams H.264 from an encoder the application owns and logs the input. */
    public static Device startDevice(String server, String key, Path stateDir) throws IOException {
        VideoSource encoder = new VideoSource() {
            private volatile FrameSink sink;

            @Override public VideoCodec codec() { return VideoCodec.H264; }
            @Override public Display display() { return Display.of(1920, 1080); }
            @Override public void start(FrameSink s) { sink = s; /* start the hardware encoder here */ }
            @Override public void requestKeyFrame() { /* ask the encoder for an IDR frame */ }
            @Override public void stop() { sink = null; /* stop the encoder */ }

            /** Called by the application's encoder thread for every Annex-B access unit. */
            void encoded(byte[] annexB, boolean idr, long ptsMillis) {
                FrameSink s = sink;
                if (s != null) {
                    s.frame(new EncodedFrame(annexB, idr, ptsMillis));
                }
            }
        };
        InputSink hid = new InputSink() {
            @Override public void mouse(SessionInfo from, MouseInput e) {
                System.out.println(from.peerId() + " mouse " + e.type() + " " + e.x() + "," + e.y());
            }
            @Override public void key(SessionInfo from, KeyInput e) {
                System.out.println(from.peerId() + " key " + e);
            }
        };
        Device device = Device.builder()
                .server(server)                      // "host" or "host:port" of hbbs / jdesk server
                .key(key)                            // the server's public key
                .identityDirectory(stateDir)         // ID, key pair and password hash live here
                .permanentPassword("correct horse battery staple")
                .video(encoder)
                .input(hid)
                .platform("Linux")                   // controllers send X11 key codes in Map mode
                .listener(new DeviceListener() {
                    @Override public void sessionStarted(SessionInfo s) {
                        System.out.println("session from " + s.peerId() + " via " + s.path());
                    }
                })
                .build()
                .start();
        System.out.println("device ID " + device.id());
        return device;
    }
    // END device-example
}
