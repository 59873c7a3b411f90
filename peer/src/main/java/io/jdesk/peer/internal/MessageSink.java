package io.jdesk.peer.internal;

import io.jdesk.protocol.proto.Message;
import java.io.IOException;

/** Sends one session message to the other peer (encrypted and framed by the session layer). */
@FunctionalInterface
public interface MessageSink {

    void send(Message message) throws IOException;
}
