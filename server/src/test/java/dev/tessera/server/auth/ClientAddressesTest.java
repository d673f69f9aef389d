package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses behindNginx = new ClientAddresses(List.of("10.0.5.2", "10.0.6.0/24", "::1"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses none = new ClientAddresses(List.of());
        assertThat(none.clientOf("10.0.5.2", List.of("203.0.113.9"))).isEqualTo("10.0.5.2");
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientWhateverItsHeaderSays() {
        assertThat(behindNginx.clientOf("198.51.100.4", List.of("203.0.113.9"))).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheClientIsTheAddressItRecorded() {
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("198.51.100.4"))).isEqualTo("198.51.100.4");
    }

    @Test
    void whatTheClientWroteIntoTheHeaderItselfIsNeverBelieved() {
        // The client sent "X-Forwarded-For: 203.0.113.9"; nginx appended the address it really came from.
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("203.0.113.9, 198.51.100.4"))).isEqualTo("198.51.100.4");
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("203.0.113.9", "198.51.100.4"))).isEqualTo("198.51.100.4");
    }

    @Test
    void aChainOfTrustedProxiesIsWalkedFromTheRight() {
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("198.51.100.4, 10.0.6.17"))).isEqualTo("198.51.100.4");
    }

    @Test
    void whenEveryHopIsTrustedTheFirstOneIsTheClient() {
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("10.0.6.3"))).isEqualTo("10.0.6.3");
        assertThat(behindNginx.clientOf("10.0.5.2", List.of())).isEqualTo("10.0.5.2");
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalkAtTheLastTrustedProxy() {
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("evil.example.org"))).isEqualTo("10.0.5.2");
        assertThat(behindNginx.clientOf("10.0.5.2", List.of("unknown, 10.0.6.17"))).isEqualTo("10.0.6.17");
    }

    @Test
    void ipv6PeersAndHopsAreReadInTheirShortForm() {
        assertThat(behindNginx.clientOf("0:0:0:0:0:0:0:1", List.of("[2001:db8:0:0:0:0:0:7]"))).isEqualTo("2001:db8::7");
    }

    @Test
    void entriesMustBeAddressesOrNetworksNeverHostNames() {
        assertThat(ClientAddresses.invalidEntry("10.0.5.2")).isFalse();
        assertThat(ClientAddresses.invalidEntry("10.0.5.0/24")).isFalse();
        assertThat(ClientAddresses.invalidEntry("2001:db8::/32")).isFalse();
        assertThat(ClientAddresses.invalidEntry("nginx.internal")).isTrue();
        assertThat(ClientAddresses.invalidEntry("10.0.5.0/33")).isTrue();
        assertThat(ClientAddresses.invalidEntry("10.0.5.0/")).isTrue();
        assertThat(ClientAddresses.invalidEntry("10.0.5.0/8/8")).isTrue();
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example.org")))
                .hasMessageContaining("proxy.example.org");
    }
}
