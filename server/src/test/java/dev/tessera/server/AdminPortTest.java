package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminPortTest {

    @Test
    void adminConnectorsWithoutABindHostGoToLoopbackAndTheApplicationsStayAsTheyAre() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory https = new HttpsConnectorFactory();
        server.setAdminConnectors(List.of(new HttpConnectorFactory(), https));

        AdminPort.keepOnLoopback(server);

        assertThat(server.getAdminConnectors()).allSatisfy(c -> assertThat(((HttpConnectorFactory) c).getBindHost())
                .isEqualTo("127.0.0.1"));
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost()).isNull();
    }

    @Test
    void aBindHostTheOperatorChoseIsKept() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory admin = new HttpConnectorFactory();
        admin.setBindHost("10.0.0.7");
        server.setAdminConnectors(List.of(admin));

        AdminPort.keepOnLoopback(server);

        assertThat(admin.getBindHost()).isEqualTo("10.0.0.7");
    }

    @Test
    void theSimpleServerWhichServesAdminTasksOnTheApplicationPortIsRefused() {
        assertThatThrownBy(() -> AdminPort.keepOnLoopback(new SimpleServerFactory()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.type").hasMessageContaining("application port");
    }
}
