package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin port (health checks, metrics, the log-level task) listens on loopback when the config names no host. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminPortIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");

    /** Connector name ("admin", "application") to the host it is bound to; null means every address. */
    private static Map<String, String> boundHosts() {
        Connector[] connectors = APP.getEnvironment().getApplicationContext().getServer().getConnectors();
        return Arrays.stream(connectors).collect(Collectors.toMap(Connector::getName,
                c -> String.valueOf(((ServerConnector) c).getHost())));
    }

    @Test
    void theAdminConnectorIsBoundToLoopbackAndTheApplicationToEveryAddress() {
        assertThat(boundHosts()).containsEntry("admin", "127.0.0.1").containsEntry("application", "null");
        assertThat(new TestClient("http://127.0.0.1:" + APP.getAdminPort()).get("/healthcheck").statusCode())
                .isIn(200, 500);
    }

    @Test
    void anotherAddressOfThisMachineReachesTheApplicationButNotTheAdminPort() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no address but loopback");
        connect(other.get(), APP.getLocalPort()); // the address is usable: the application port answers on it
        assertThatThrownBy(() -> connect(other.get(), APP.getAdminPort())).isInstanceOf(ConnectException.class);
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(AdminPortIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
