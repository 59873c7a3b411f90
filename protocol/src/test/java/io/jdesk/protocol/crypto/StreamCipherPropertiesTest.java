package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Property: any sequence of payloads survives seal → open in order, with a 16-byte overhead each. */
class StreamCipherPropertiesTest {

    @Property(tries = 200)
    void roundTripsArbitraryPayloadSequences(@ForAll @Size(max = 8) List<@Size(max = 2048) byte[]> payloads) {
        SessionKey key = SessionKey.generate();
        StreamCipher sender = new StreamCipher(key);
        StreamCipher receiver = new StreamCipher(key);

        for (byte[] plain : payloads) {
            byte[] sealed = sender.seal(plain);
            assertThat(sealed).hasSize(plain.length + Sodium.MAC_BYTES);
            assertThat(receiver.open(sealed)).isEqualTo(plain);
        }
        assertThat(receiver.receiveCounter()).isEqualTo(payloads.size());
    }
}
