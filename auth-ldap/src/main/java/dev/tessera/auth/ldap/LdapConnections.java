package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory connections of one backend: a failover set over the configured URLs, a pool bound as the service
 * account for searches, and a pool of connections on which users bind. Pooled connections that died with the
 * directory are replaced on the next use, so the backend recovers by itself once the directory is back.
 */
final class LdapConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LdapConnections.class);

    /** Results that say the directory could not answer, as opposed to answering "no". */
    private static final Set<ResultCode> UNAVAILABLE = Set.of(ResultCode.BUSY, ResultCode.UNAVAILABLE,
            ResultCode.TIMEOUT, ResultCode.SERVER_DOWN, ResultCode.CONNECT_ERROR);

    /** Connections to a server other than the first are recycled, so traffic returns to it when it is back. */
    private static final long FAILOVER_CONNECTION_AGE_MILLIS = Duration.ofMinutes(5).toMillis();

    record Settings(List<LDAPURL> urls, boolean startTls, SSLUtil ssl, boolean verifyHostname,
                    Duration connectTimeout, Duration responseTimeout, int poolSize) {}

    private final String backend;
    private final String servers;
    private final LDAPConnectionPool bindPool;
    private final LDAPConnectionPool searchPool;

    private LdapConnections(String backend, String servers, LDAPConnectionPool bindPool,
                            LDAPConnectionPool searchPool) {
        this.backend = backend;
        this.servers = servers;
        this.bindPool = bindPool;
        this.searchPool = searchPool;
    }

    /**
     * Opens the pools. A directory that is down now is logged and retried on the first request; a service account
     * the directory refuses is a configuration error and fails here.
     *
     * @param serviceBind the service account's bind, or null for direct bind
     */
    static LdapConnections open(String backend, Settings settings, BindRequest serviceBind)
            throws GeneralSecurityException {
        String servers = settings.urls().stream().map(LDAPURL::toString).collect(Collectors.joining(", "));
        ServerSet serverSet = serverSet(settings);
        if (serviceBind != null) {
            probeServiceAccount(backend, servers, serverSet, serviceBind);
        }
        LDAPConnectionPool bindPool = null;
        try {
            bindPool = pool(backend + "-bind", serverSet, null, settings.poolSize());
            LDAPConnectionPool searchPool = serviceBind == null ? null
                    : pool(backend + "-search", serverSet, serviceBind, settings.poolSize());
            return new LdapConnections(backend, servers, bindPool, searchPool);
        } catch (LDAPException | RuntimeException e) {
            if (bindPool != null) {
                bindPool.close();
            }
            throw new IllegalStateException("LDAP backend " + backend + ": cannot create a connection pool: "
                    + e.getMessage(), e);
        }
    }

    private static ServerSet serverSet(Settings settings) throws GeneralSecurityException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(settings.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        if (settings.ssl() != null && settings.verifyHostname()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        List<ServerSet> sets = new ArrayList<>();
        for (LDAPURL url : settings.urls()) {
            SocketFactory sockets = "ldaps".equalsIgnoreCase(url.getScheme())
                    ? settings.ssl().createSSLSocketFactory() : SocketFactory.getDefault();
            StartTLSPostConnectProcessor startTls = settings.startTls()
                    ? new StartTLSPostConnectProcessor(settings.ssl().createSSLContext()) : null;
            sets.add(new SingleServerSet(url.getHost(), url.getPort(), sockets, options, null, startTls));
        }
        if (sets.size() == 1) {
            return sets.get(0);
        }
        FailoverServerSet failover = new FailoverServerSet(sets);
        failover.setMaxFailoverConnectionAgeMillis(FAILOVER_CONNECTION_AGE_MILLIS);
        return failover;
    }

    private static LDAPConnectionPool pool(String name, ServerSet serverSet, BindRequest bind, int size)
            throws LDAPException {
        // throwOnConnectFailure=false: an unreachable directory must not stop the server from starting.
        LDAPConnectionPool pool = new LDAPConnectionPool(serverSet, bind, 1, size, 1, null, false);
        pool.setConnectionPoolName(name);
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setMaxWaitTimeMillis(0);
        return pool;
    }

    private static void probeServiceAccount(String backend, String servers, ServerSet serverSet,
                                            BindRequest serviceBind) {
        try (LDAPConnection connection = serverSet.getConnection()) {
            connection.bind(serviceBind.duplicate());
        } catch (LDAPException e) {
            if (ResultCode.INVALID_CREDENTIALS.equals(e.getResultCode())) {
                throw new IllegalStateException("LDAP backend " + backend + ": " + servers
                        + " refused the service account: check bindDn and bindPassword", e);
            }
            LOG.warn("LDAP backend {}: directory {} not reachable at start-up ({}); will retry on each request",
                    backend, servers, e.getMessage());
        }
    }

    /** Runs searches as the service account; a dead pooled connection is replaced and the call retried once. */
    <T> T asServiceAccount(LdapCall<LDAPInterface, T> call) throws LDAPException {
        if (searchPool == null) {
            throw new IllegalStateException("no service account configured");
        }
        return call.apply(searchPool);
    }

    /**
     * Runs a call that binds as a user on a connection of its own. A connection that died under it (the
     * directory restarted) is dropped and the whole call repeated once on a fresh one; a timeout is not repeated.
     */
    <T> T onBindConnection(LdapCall<LDAPConnection, T> call) throws LDAPException {
        LDAPConnection connection = bindPool.getConnection();
        try {
            return runAndRelease(connection, call);
        } catch (LDAPException e) {
            if (ResultCode.isConnectionUsable(e.getResultCode()) || ResultCode.TIMEOUT.equals(e.getResultCode())) {
                throw e;
            }
            return runAndRelease(bindPool.getConnection(), call);
        }
    }

    private <T> T runAndRelease(LDAPConnection connection, LdapCall<LDAPConnection, T> call) throws LDAPException {
        boolean usable = false;
        try {
            T result = call.apply(connection);
            usable = true;
            return result;
        } catch (LDAPException e) {
            usable = ResultCode.isConnectionUsable(e.getResultCode());
            throw e;
        } finally {
            if (usable) {
                bindPool.releaseConnection(connection);
            } else {
                bindPool.releaseDefunctConnection(connection);
            }
        }
    }

    /** Whether a failure means the directory could not answer (503) rather than a configuration problem. */
    static boolean isUnavailable(LDAPException e) {
        return UNAVAILABLE.contains(e.getResultCode()) || !ResultCode.isConnectionUsable(e.getResultCode());
    }

    /** The exception the server turns into 503 + Retry-After, after a log line naming the servers. */
    ProviderUnavailableException unavailable(LDAPException e) {
        String kind = isUnavailable(e) ? "unreachable or not answering" : "failed";
        String message = "LDAP directory " + servers + " " + kind + ": " + e.getResultCode() + ": "
                + e.getMessage();
        LOG.warn("LDAP backend {}: {}", backend, message);
        return new ProviderUnavailableException(backend, message, e);
    }

    @Override
    public void close() {
        bindPool.close();
        if (searchPool != null) {
            searchPool.close();
        }
    }
}
