package dev.tessera.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.server.aggregates.Aggregates;
import dev.tessera.server.api.AdminAuditResource;
import dev.tessera.server.api.AdminBasicUsersResource;
import dev.tessera.server.api.AdminRestrictionsResource;
import dev.tessera.server.api.AdminRoleMappingsResource;
import dev.tessera.server.api.AdminUserBackendsResource;
import dev.tessera.server.api.AdminUsersResource;
import dev.tessera.server.api.HomeResource;
import dev.tessera.server.api.WhoamiResource;
import dev.tessera.server.auth.AccessFeature;
import dev.tessera.server.auth.AuthChain;
import dev.tessera.server.auth.AuthenticationFilter;
import dev.tessera.server.auth.BrowserLoginResource;
import dev.tessera.server.auth.ClientAddressFilter;
import dev.tessera.server.auth.CsrfCheck;
import dev.tessera.server.auth.FailedLoginThrottle;
import dev.tessera.server.auth.LoginResource;
import dev.tessera.server.auth.ResponseHeadersFilter;
import dev.tessera.server.auth.SecurityHeadersFilter;
import dev.tessera.server.auth.ServerAuthEnvironment;
import dev.tessera.server.auth.SessionCookies;
import dev.tessera.server.auth.SessionRefresher;
import dev.tessera.server.auth.SessionSecret;
import dev.tessera.server.auth.SignedTokens;
import dev.tessera.server.auth.StrictPathFilter;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.cli.CheckCommandWithEngines;
import dev.tessera.server.cli.QueryCommand;
import dev.tessera.server.cli.RolesCommand;
import dev.tessera.server.cli.SampleCommand;
import dev.tessera.server.cli.ServerCommandWithPlainConfigErrors;
import dev.tessera.server.cli.UsersCommand;
import dev.tessera.server.config.AuthConfig;
import dev.tessera.server.cubes.CubeAccess;
import dev.tessera.server.cubes.CubeEngines;
import dev.tessera.server.cubes.CubeExceptionMappers;
import dev.tessera.server.cubes.CubeStartup;
import dev.tessera.server.cubes.CubesResource;
import dev.tessera.server.cubes.ResultCaching;
import dev.tessera.server.engines.LiveData;
import dev.tessera.server.errors.JsonProcessingExceptionMapper;
import dev.tessera.server.errors.StoreUnavailableExceptionMapper;
import dev.tessera.server.errors.UnexpectedExceptionMapper;
import dev.tessera.server.errors.ValidationExceptionMapper;
import dev.tessera.server.errors.WebApplicationExceptionMapper;
import dev.tessera.server.http.RequestBodyLimit;
import dev.tessera.server.json.StrictJson;
import dev.tessera.server.json.StrictUtf8Interceptor;
import dev.tessera.server.logging.AccessLogStatus;
import dev.tessera.server.logging.LogRedaction;
import dev.tessera.server.openapi.OpenApiResource;
import dev.tessera.server.replicas.ChangeFeed;
import dev.tessera.server.replicas.ChangeNotifications;
import dev.tessera.server.replicas.HealthChecks;
import dev.tessera.server.roles.AuditLog;
import dev.tessera.server.roles.AuditWriter;
import dev.tessera.server.roles.BackendBindings;
import dev.tessera.server.roles.BootstrapAdmin;
import dev.tessera.server.roles.LocalUserStore;
import dev.tessera.server.roles.LoginFailureStore;
import dev.tessera.server.roles.RoleResolver;
import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.SavedQueryStore;
import dev.tessera.server.roles.StoreMigrations;
import dev.tessera.server.roles.StoreTransactions;
import dev.tessera.server.saved.AdminSavedQueriesResource;
import dev.tessera.server.saved.SavedQueries;
import dev.tessera.server.saved.SavedQueriesResource;
import dev.tessera.server.store.EmbeddedStoreFiles;
import dev.tessera.server.store.EmbeddedStoreUrl;
import dev.tessera.server.ui.UiPagesResource;
import dev.tessera.server.ui.WebUi;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.MigrationsBundle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tessera: cubes over DuckDB behind Basic, LDAP, Kerberos and OIDC login. */
public class TesseraApplication extends Application<TesseraConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(TesseraApplication.class);

    public static void main(String[] args) throws Exception {
        new TesseraApplication().run(args);
    }

    @Override
    public String getName() {
        return "tessera";
    }

    @Override
    public void initialize(Bootstrap<TesseraConfiguration> bootstrap) {
        LogRedaction.install(); // before Dropwizard builds its appenders: no log line shows a credential
        // ${ENV_VAR} and ${ENV_VAR:-default} in config.yml: secrets come from the environment.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        // A misspelt key in a request body ("role" for "roles") is an error, not silently ignored.
        bootstrap.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        StrictJson.configure(bootstrap.getObjectMapper());
        bootstrap.addBundle(new AssetsBundle(SecurityHeadersFilter.ASSETS, SecurityHeadersFilter.ASSETS, null, "assets"));
        bootstrap.addBundle(WebUi.assetsBundle());
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(TesseraConfiguration configuration) {
                // db migrate may be the first to create the store: owner-only, as the server would make it.
                EmbeddedStoreFiles.secure(Path.of(configuration.getDataDirectory()), configuration.getDatabase());
                return configuration.getDatabase();
            }
        });
        bootstrap.addCommand(new UsersCommand());
        bootstrap.addCommand(new RolesCommand());
        bootstrap.addCommand(new SampleCommand());
        bootstrap.addCommand(new QueryCommand());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<TesseraConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommandWithPlainConfigErrors<>(this));
        bootstrap.addCommand(new CheckCommandWithEngines(this));
    }

    @Override
    public void run(TesseraConfiguration config, Environment environment) throws Exception {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false); // one error shape: problem+json
        }
        AdminPort.keepOnLoopback(config.getServerFactory());
        environment.lifecycle().addServerLifecycleListener(AdminPort::logWhereItListens);
        // Tables load and cubes compile first, before the store, the first admin or any identity provider: a
        // missing file or a bad cube is then the one thing printed, and a failed start leaves nothing behind. Only
        // the engine joins the lifecycle (its start is idempotent, and it must stop); cubes compile once, here.
        Map<String, QueryEngine> engines = CubeEngines.build(config.getEngines());
        CubeService cubes = ResultCaching.install(environment, config.getResultCache(),
                CubeStartup.start(engines, config.getCubes()));
        engines.values().forEach(environment.lifecycle()::manage);
        try {
            serve(config, environment, engines, cubes);
        } catch (Exception | Error e) {
            CubeEngines.stopAll(engines.values()); // the lifecycle that would stop them never starts
            throw e;
        }
    }

    /** The store, the login chain and the resources, over cubes already compiled. */
    private void serve(TesseraConfiguration config, Environment environment, Map<String, QueryEngine> engines,
                       CubeService cubes)
            throws Exception {
        Path dataDirectory = Path.of(config.getDataDirectory());
        EmbeddedStoreFiles.secure(dataDirectory, config.getDatabase());
        EmbeddedStoreUrl.warnIfNotDurable(config.getDatabase());
        Clock clock = Clock.systemUTC();
        AuthConfig auth = config.getAuth();

        StoreMigrations.migrate(config.getDatabase());
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "roleStore");
        ChangeNotifications notifications = new ChangeNotifications();
        StoreTransactions transactions = new StoreTransactions(jdbi, clock, notifications.publisher(config.getDatabase()));
        ChangeFeed.listen(config.getDatabase(), notifications, transactions, environment); // other replicas' changes
        RoleStore store = new RoleStore(transactions);
        LocalUserStore localUsers = new LocalUserStore(transactions, auth.localBackendName());
        AuditLog audit = AuditWriter.auditLog(transactions, clock, auth.getAuditFlushInterval().toJavaDuration(),
                environment.lifecycle()); // refused logins off the request path
        seed(store, auth);

        AuthChain chain = buildChain(auth, environment, localUsers, audit, new LoginFailureStore(transactions), dataDirectory,
                clock);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                chain.close();
            }
        });
        HealthChecks.register(environment, chain, engines); // /healthcheck: store, engine, providers (up/degraded/down)
        transactions.onChange(username -> {
            if (username != null) {
                chain.invalidate(username);
            }
        });

        Optional<LocalUserAccounts> accounts = auth.localUsersFactory().map(factory -> factory.accounts(localUsers));
        if (accounts.isPresent()) {
            localUsers.bindUnbound(store);
            BootstrapAdmin.ensure(store, accounts.get(), auth.getBootstrapAdmin().getUsername(),
                    auth.getBootstrapAdmin().getPassword());
        }

        SignedTokens tokens = new SignedTokens(SessionSecret.resolve(auth.getSession().getSecret(), dataDirectory),
                environment.getObjectMapper(), clock);
        EmbeddedStoreFiles.secure(dataDirectory, config.getDatabase()); // the store's files and the key now exist
        SessionCookies sessions = new SessionCookies(tokens, auth.getSession().getCookieName(),
                auth.getSession().getTtl().toJavaDuration(), auth.getSession().getSecureCookie(), clock);
        BackendBindings bindings = new BackendBindings(auth.localBackendName(),
                auth.getSameUsers().stream().map(group -> (java.util.Set<String>) new HashSet<>(group)).toList());
        RoleResolver resolver = new RoleResolver(store, bindings, auth.getRoleCacheTtl().toJavaDuration(),
                environment.metrics());
        CsrfCheck csrf = new CsrfCheck(auth.getPublicBaseUrl());
        CubeAccess cubeAccess = new CubeAccess(cubes, store, environment.getObjectMapper());

        SecurityHeadersFilter.install(environment);
        ClientAddressFilter.install(environment, auth.getTrustedProxies()); // who a refused login came from
        AccessLogStatus.install(environment);
        var jersey = environment.jersey();
        jersey.register(new StrictPathFilter());
        jersey.register(new RequestBodyLimit(config.getMaxRequestBodySize().toBytes()));
        jersey.register(new StrictUtf8Interceptor());
        jersey.register(new AccessFeature(
                new AuthenticationFilter(chain, sessions, resolver, csrf, new SessionRefresher(chain, clock))));
        jersey.register(new ResponseHeadersFilter(sessions));
        jersey.register(new AuthValueFactoryProvider.Binder<>(TesseraUser.class));
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonProcessingExceptionMapper());
        jersey.register(new ValidationExceptionMapper());
        jersey.register(new StoreUnavailableExceptionMapper());
        jersey.register(new UnexpectedExceptionMapper());

        jersey.register(new LoginResource(chain, sessions, csrf, auth.getPublicBaseUrl(), store));
        jersey.register(new BrowserLoginResource(chain, sessions, auth.getPublicBaseUrl()));
        jersey.register(new WhoamiResource(cubeAccess));
        jersey.register(new AdminUsersResource(store, resolver));
        jersey.register(new AdminUserBackendsResource(store, chain));
        jersey.register(new AdminRoleMappingsResource(store, chain));
        jersey.register(new AdminRestrictionsResource(store, cubeAccess, environment.getObjectMapper()));
        jersey.register(new AdminBasicUsersResource(accounts, store));
        jersey.register(new AdminAuditResource(audit));
        LiveData.install(environment, engines, cubes, audit);
        Aggregates.install(environment, cubes);
        CubesResource cubesResource = new CubesResource(cubes, cubeAccess);
        jersey.register(cubesResource);
        jersey.register(new HomeResource(cubesResource));
        SavedQueries savedQueries = new SavedQueries(new SavedQueryStore(transactions), cubes, environment.getObjectMapper());
        jersey.register(new SavedQueriesResource(savedQueries, cubesResource));
        jersey.register(new AdminSavedQueriesResource(savedQueries));
        jersey.register(new OpenApiResource(auth.getSession().getCookieName(), jersey.getResourceConfig()));
        jersey.register(new UiPagesResource(new WebUi()));
        CubeExceptionMappers.all().forEach(jersey::register);
    }

    private static AuthChain buildChain(AuthConfig auth, Environment environment, LocalUserStore localUsers,
                                        AuditLog audit, LoginFailureStore failures, Path dataDirectory, Clock clock)
            throws Exception {
        List<AuthChain.Backend> backends = new ArrayList<>();
        for (AuthenticatorFactory factory : auth.getBackends()) {
            factory.deprecatedKeys().forEach(key -> LOG.warn("auth.backends '{}': '{}' is deprecated; write '{}' instead",
                    factory.name(), key.key(), key.replacement()));
            ServerAuthEnvironment backendEnvironment =
                    new ServerAuthEnvironment(factory.name(), environment.metrics(), localUsers, dataDirectory, clock);
            try {
                backends.add(new AuthChain.Backend(factory.name(), factory.build(backendEnvironment)));
            } catch (Exception e) {
                throw new IllegalStateException("auth.backends '" + factory.name() + "': " + e.getMessage(), e);
            }
        }
        FailedLoginThrottle throttle = new FailedLoginThrottle(auth.getLockout().getMaxFailedAttempts(),
                auth.getLockout().getDuration().toJavaDuration(), clock, failures);
        return new AuthChain(backends, audit, throttle, environment.metrics());
    }

    private static void seed(RoleStore store, AuthConfig auth) {
        auth.getRoleMappings().forEach((backend, mappings) -> mappings.forEach(
                (providerRole, roles) -> store.seedMapping(backend, providerRole, new HashSet<>(roles))));
        auth.getDefaultRoles().forEach((backend, roles) -> store.seedDefaultRoles(backend, new HashSet<>(roles)));
    }
}
