package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RegisterPkResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Registration as the listeners need it (spec/servers.md §5.2, §5.3, §5.10), implemented over
 * the peer registry by {@link RendezvousServer}.
 */
interface Registrar {

    /**
     * RegisterPeer: non-blocking, event loop.
     *
     * @return {@code request_pk} for the reply, or empty for "no reply" (empty id)
     */
    Optional<Boolean> onRegisterPeer(String id, InetSocketAddress source);

    /**
     * RegisterPk: BLOCKING (store access), run on the store executor only.
     *
     * @return the result to send, or empty for "no reply" (empty uuid or pk)
     */
    Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk,
            InetSocketAddress source);

    /**
     * Runs {@code done} once what the current store task wrote is durable, or {@code lost} if
     * it never will be (a failed group commit). Store thread only; a RegisterPk answer goes
     * through here so that OK never gets ahead of the disk.
     */
    default void whenDurable(Runnable done, Runnable lost) {
        done.run();
    }

    /**
     * {@link #registerPk} on {@code store}, answered once durable: {@code answer} gets the result
     * after the row is committed, or SERVER_ERROR if its batch is not. It runs on the store
     * thread; a task that throws is logged and not answered (the device retries).
     *
     * @throws java.util.concurrent.RejectedExecutionException when the store queue is full
     */
    default void registerPkDurably(String id, byte[] uuid, byte[] pk, InetSocketAddress source, Executor store,
            Consumer<Optional<RegisterPkResponse.Result>> answer) {
        store.execute(() -> {
            Optional<RegisterPkResponse.Result> result;
            try {
                result = registerPk(id, uuid, pk, source);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Registrar.class).warn("RegisterPk {} from {} failed: {}", id, source,
                        e.toString());
                return;
            }
            whenDurable(() -> answer.accept(result),
                    () -> answer.accept(Optional.of(RegisterPkResponse.Result.SERVER_ERROR)));
        });
    }

    /**
     * A device's TCP/WS registration link closed: it is offline now, unless it has registered
     * from another address since (non-blocking, event loop).
     */
    void onDeviceLinkClosed(String id, InetSocketAddress linkAddress);

    /** OnlineResponse.states for {@code ids}: MSB-first bitmap of who is online now (memory only). */
    byte[] onlineStates(List<String> ids);
}
