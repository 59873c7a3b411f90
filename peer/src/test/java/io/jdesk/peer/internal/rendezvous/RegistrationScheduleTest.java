package io.jdesk.peer.internal.rendezvous;

import static io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action.NEW_ID_AND_REGISTER_PK;
import static io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action.NONE;
import static io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action.RECONNECT;
import static io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action.REGISTER_PEER;
import static io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action.REGISTER_PK;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Action;
import io.jdesk.peer.internal.rendezvous.RegistrationSchedule.Transport;
import io.jdesk.protocol.proto.RegisterPkResponse.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** peer.md §2.2-2.5 timings, driven by made-up times in milliseconds: no socket, no clock, no sleep. */
class RegistrationScheduleTest {

    final RegistrationSchedule s = new RegistrationSchedule(Timings.DEFAULT);

    /** Ticks every second from {@code from} to {@code to} inclusive; returns "t:action" for each send. */
    List<String> ticks(long from, long to) {
        List<String> sent = new ArrayList<>();
        for (long t = from; t <= to; t += 1000) {
            Action a = s.onTick(t);
            if (a != NONE) {
                sent.add(t + ":" + a);
            }
        }
        return sent;
    }

    @Test
    void registerPkAtZeroAndEveryThreeSecondsWhileUnanswered() {
        s.start(Transport.UDP, 0);
        assertThat(ticks(0, 12_000)).containsExactly("0:REGISTER_PK", "3000:REGISTER_PK", "6000:REGISTER_PK",
                "9000:REGISTER_PK", "12000:REGISTER_PK");
        assertThat(s.fails()).isEqualTo(4);
        assertThat(s.failing()).as("4 unanswered in a row: rebind / TCP fallback").isTrue();
        assertThat(s.registered(12_000)).isFalse();
    }

    @Test
    void okIsFollowedByRegisterPeerAtOnceAndThenEveryFifteenSeconds() {
        s.start(Transport.UDP, 0);
        assertThat(s.onTick(0)).isEqualTo(REGISTER_PK);
        assertThat(s.onRegisterPkResponse(40, Result.OK, 0)).as("publish the address at once (§2.3)")
                .isEqualTo(REGISTER_PEER);
        assertThat(s.onRegisterPeerResponse(40, false)).isEqualTo(NONE);
        assertThat(s.registered(40)).isTrue();
        assertThat(s.fails()).isZero();
        assertThat(ticks(1000, 15_000)).isEmpty();
        assertThat(s.onTick(16_000)).as("answer at 40, REG_INTERVAL 15 000").isEqualTo(REGISTER_PEER);
        assertThat(s.onRegisterPeerResponse(16_010, false)).isEqualTo(NONE);
        assertThat(ticks(17_000, 32_000)).as("answer at 16 010: due at 31 010, sent at the next tick")
                .containsExactly("32000:REGISTER_PEER");
    }

    @Test
    void aLostAnswerIsRetriedAfterThreeSecondsAndAnAnswerResetsTheFailCount() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(0, Result.OK, 0);
        s.onRegisterPeerResponse(0, false);
        assertThat(ticks(1000, 23_000)).containsExactly("15000:REGISTER_PEER", "18000:REGISTER_PEER",
                "21000:REGISTER_PEER");
        assertThat(s.fails()).isEqualTo(2);
        assertThat(s.registered(23_000)).as("last answer 23 s ago, still within 2 x REG_INTERVAL").isTrue();
        assertThat(s.onRegisterPeerResponse(23_500, false)).isEqualTo(NONE);
        assertThat(s.fails()).isZero();
        assertThat(ticks(24_000, 38_000)).isEmpty();
        assertThat(s.onTick(39_000)).isEqualTo(REGISTER_PEER);
    }

    @Test
    void requestPkSendsRegisterPkAtOnceAndRetriesItUntilConfirmed() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(0, Result.OK, 0);
        assertThat(s.onRegisterPeerResponse(10, true)).isEqualTo(REGISTER_PK);
        assertThat(s.keyConfirmed()).isFalse();
        assertThat(s.registered(10)).isFalse();
        assertThat(ticks(1000, 4000)).as("unanswered RegisterPk (sent at 10): again 3 s later, at the next tick")
                .containsExactly("4000:REGISTER_PK");
        assertThat(s.onRegisterPkResponse(4100, Result.OK, 0)).isEqualTo(REGISTER_PEER);
        assertThat(s.registered(4100)).isTrue();
    }

    @Test
    void uuidMismatchReplacesTheIdOnlyOnce() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        assertThat(s.onRegisterPkResponse(5, Result.UUID_MISMATCH, 0)).isEqualTo(NEW_ID_AND_REGISTER_PK);
        assertThat(s.onRegisterPkResponse(10, Result.UUID_MISMATCH, 0)).as("once per server").isEqualTo(NONE);
        s.start(Transport.UDP, 20_000);
        s.onTick(20_000);
        assertThat(s.onRegisterPkResponse(20_005, Result.UUID_MISMATCH, 0)).as("not even after a restart")
                .isEqualTo(NONE);
        assertThat(s.keyConfirmed()).isFalse();
    }

    @Test
    void otherResultsAreOnlyLoggedAndRegistrationGoesOnOnTheSchedule() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        assertThat(s.onRegisterPkResponse(5, Result.TOO_FREQUENT, 0)).isEqualTo(NONE);
        assertThat(ticks(1000, 15_000)).as("answered: next RegisterPk when the answer expires").isEmpty();
        assertThat(s.onTick(16_000)).isEqualTo(REGISTER_PK);
    }

    @Test
    void notDeployedThrottlesRegisterPkToTheDeployRetryInterval() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        assertThat(s.onRegisterPkResponse(0, Result.NOT_DEPLOYED, 0)).isEqualTo(NONE);
        assertThat(ticks(1000, 29_000)).isEmpty();
        assertThat(s.onTick(30_000)).isEqualTo(REGISTER_PK);
    }

    @Test
    void ticksCloserThanNineTenthsOfTheIntervalAreSkipped() {
        s.start(Transport.UDP, 0);
        assertThat(s.onTick(0)).isEqualTo(REGISTER_PK);
        assertThat(s.onTick(2200)).isEqualTo(NONE);
        assertThat(s.onTick(3000)).as("due, but only 800 ms after the last tick").isEqualTo(NONE);
        assertThat(s.onTick(3200)).isEqualTo(REGISTER_PK);
    }

    @Test
    void reconfirmKeySendsRegisterPkAtTheNextTick() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(0, Result.OK, 0);
        s.onRegisterPeerResponse(0, false);
        s.reconfirmKey();
        assertThat(s.registered(500)).isFalse();
        assertThat(s.onTick(1000)).isEqualTo(REGISTER_PK);
        assertThat(s.onRegisterPkResponse(1010, Result.OK, 0)).isEqualTo(REGISTER_PEER);
    }

    @Test
    void registrationCountsForTwoIntervalsAfterTheLastAnswer() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(0, Result.OK, 0);
        assertThat(s.registered(29_999)).isTrue();
        assertThat(s.registered(30_000)).isFalse();
    }

    @Test
    void tcpModeSendsRegisterPkEveryIntervalUntilConfirmedAndNeverRegisterPeer() {
        s.start(Transport.TCP, 0);
        assertThat(ticks(0, 30_000)).containsExactly("0:REGISTER_PK", "15000:REGISTER_PK", "30000:REGISTER_PK");
        assertThat(s.onRegisterPkResponse(30_010, Result.OK, 60)).isEqualTo(NONE);
        assertThat(s.registered(30_010)).isTrue();
        assertThat(ticks(31_000, 44_000)).isEmpty();
    }

    @Test
    void tcpProbesWithRegisterPeerEveryIntervalOnceConfirmedAndAnUnansweredProbeEndsTheLink() {
        s.start(Transport.TCP, 0);
        assertThat(s.onTick(0)).isEqualTo(REGISTER_PK);
        assertThat(s.onRegisterPkResponse(10, Result.OK, 60)).isEqualTo(NONE);
        assertThat(ticks(1_000, 14_000)).isEmpty();
        assertThat(s.onTick(15_000)).as("probe one interval after the last RegisterPk").isEqualTo(REGISTER_PEER);
        assertThat(s.onRegisterPeerResponse(15_200, false)).isEqualTo(NONE);
        assertThat(ticks(16_000, 29_000)).isEmpty();
        assertThat(s.onTick(30_000)).isEqualTo(REGISTER_PEER);
        s.onHeard(31_000); // a heartbeat is not the answer
        assertThat(ticks(31_000, 32_000)).isEmpty();
        assertThat(s.onTick(33_000)).as("unanswered for regTimeout 3 s").isEqualTo(RECONNECT);
    }

    @Test
    void anyAnswerToTheProbeKeepsTheLink() {
        s.start(Transport.TCP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(10, Result.OK, 60);
        assertThat(s.onTick(15_000)).isEqualTo(REGISTER_PEER);
        assertThat(s.onRegisterPkResponse(17_000, Result.TOO_FREQUENT, 0)).isEqualTo(NONE);
        assertThat(ticks(18_000, 29_000)).isEmpty();
        assertThat(s.registered(29_000)).isTrue();
    }

    @Test
    void aProbeAnsweredWithRequestPkRegistersTheKeyAgain() {
        s.start(Transport.TCP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(10, Result.OK, 60);
        assertThat(s.onTick(15_000)).isEqualTo(REGISTER_PEER);
        assertThat(s.onRegisterPeerResponse(15_100, true)).as("hbbs lost our key").isEqualTo(REGISTER_PK);
        assertThat(s.registered(15_100)).isFalse();
        assertThat(s.onRegisterPkResponse(15_200, Result.OK, 60)).isEqualTo(NONE);
        assertThat(s.registered(15_200)).isTrue();
    }

    @Test
    void tcpHeartbeatsKeepTheLinkAliveAndKeepAliveComesFromTheServer() {
        s.start(Transport.TCP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(10, Result.OK, 2);
        s.onHeard(1_000);
        assertThat(s.onTick(3_000)).isEqualTo(NONE);
        assertThat(s.registered(3_999)).isTrue();
        assertThat(s.onTick(4_000)).as("keep_alive 2 s: dead 3 s after the last frame").isEqualTo(RECONNECT);
        assertThat(s.registered(4_000)).isFalse();
    }

    @Test
    void anUnconfirmedKeyIsNeverProbedToDeath() {
        s.start(Transport.TCP, 0);
        assertThat(ticks(0, 60_000)).containsExactly("0:REGISTER_PK", "15000:REGISTER_PK", "30000:REGISTER_PK",
                "45000:REGISTER_PK", "60000:REGISTER_PK");
        s.onHeard(60_000);
        assertThat(s.onTick(61_000)).as("a server that never answers RegisterPk is not taken for dead")
                .isEqualTo(NONE);
    }

    @Test
    void aStoppedRunIsNotRegistered() {
        s.start(Transport.TCP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(10, Result.OK, 60);
        assertThat(s.registered(20)).isTrue();
        s.stop();
        assertThat(s.registered(30)).isFalse();
    }

    @Test
    void eachStartBeginsWithRegisterPk() {
        s.start(Transport.UDP, 0);
        s.onTick(0);
        s.onRegisterPkResponse(0, Result.OK, 0);
        s.start(Transport.UDP, 50_000);
        assertThat(s.registered(50_000)).isFalse();
        assertThat(s.onTick(50_000)).isEqualTo(REGISTER_PK);
    }
}
