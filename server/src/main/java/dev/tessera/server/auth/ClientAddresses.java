package dev.tessera.server.auth;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address of the client a request came from, for the audit log: the connection's peer, or, when that peer is
 * one of the configured proxies ({@code auth.trustedProxies}), the address those proxies recorded in
 * {@code X-Forwarded-For}. The header is read from the right and only as far as trusted proxies wrote it: the first
 * address a trusted proxy did not itself come from is the client, so whatever a client wrote into the header
 * itself (the entries further left) is never believed, and without trusted proxies the header is ignored.
 */
public final class ClientAddresses {

    private final InetAddressSet trusted = new InetAddressSet();

    /**
     * @param proxies addresses ({@code 10.0.5.2}, {@code ::1}) and networks ({@code 10.0.5.0/24}) of the proxies
     *                in front of this server; validated at start ({@link #invalidEntry})
     */
    public ClientAddresses(List<String> proxies) {
        proxies.forEach(proxy -> {
            if (invalidEntry(proxy)) {
                throw new IllegalArgumentException("not an IP address or network: " + proxy);
            }
            trusted.add(proxy.strip());
        });
    }

    /**
     * Whether {@code entry} is not an IP address or an address/prefix-length network. Checked before Jetty reads
     * it, since Jetty would look up a host name in DNS.
     */
    public static boolean invalidEntry(String entry) {
        String[] parts = entry.strip().split("/", -1);
        if (parts.length > 2 || !InetAddresses.isInetAddress(parts[0])) {
            return true;
        }
        int maxBits = InetAddresses.forString(parts[0]).getAddress().length * 8;
        return parts.length == 2 && !(parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= maxBits);
    }

    /**
     * The client's address as this server can know it.
     *
     * @param peer         the address of the connection's other end
     * @param forwardedFor the {@code X-Forwarded-For} header values in the order received (each a comma list)
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        Optional<InetAddress> peerAddress = parse(peer);
        if (peerAddress.isEmpty() || !trusted.test(peerAddress.get())) {
            return peer;
        }
        List<String> hops = hops(forwardedFor);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = parse(hops.get(i));
            if (hop.isEmpty()) {
                return client; // not an address: no trusted proxy wrote it, so the last one that did saw the client
            }
            client = InetAddresses.toAddrString(hop.get());
            if (!trusted.test(hop.get())) {
                return client;
            }
        }
        return client;
    }

    private static List<String> hops(List<String> headerValues) {
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    /** An address literal (IPv6 possibly in brackets); never a DNS lookup. */
    private static Optional<InetAddress> parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return InetAddresses.isInetAddress(literal) ? Optional.of(InetAddresses.forString(literal)) : Optional.empty();
    }
}
