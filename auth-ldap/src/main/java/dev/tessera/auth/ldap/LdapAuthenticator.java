package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.http.Challenges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a username and password against an LDAP directory or Active Directory: finds the user's entry with the
 * service account and binds as it (or binds directly to {@code userDnPattern}), then collects the user's groups as
 * provider roles. The identity is named by the entry's {@code usernameAttribute}, never by what was typed. Every
 * request value is escaped before it reaches a filter or DN.
 */
public final class LdapAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(LdapAuthenticator.class);

    /** Same words for an unknown user and a wrong password, so the answer does not reveal which users exist. */
    static final String INVALID = "invalid username or password";

    /** Longer than any real username; stops a request from making the directory chew on megabytes. */
    private static final int MAX_USERNAME_LENGTH = 256;

    /** Bind results that are about this user's credentials or account, not about the directory. */
    private static final Set<ResultCode> BIND_REFUSED = Set.of(ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION, ResultCode.NO_SUCH_OBJECT, ResultCode.INVALID_DN_SYNTAX,
            ResultCode.UNWILLING_TO_PERFORM, ResultCode.INSUFFICIENT_ACCESS_RIGHTS);

    private final String backend;
    private final LdapConnections connections;
    private final UsernameCaseConversion caseConversion;
    private final DN userSearchBase;
    private final String userSearchFilter;
    private final String userDnPattern;
    private final UsernameAttribute usernameAttribute;
    private final GroupResolver groups;
    private final String[] userAttributes;

    /**
     * @param userDnPattern null for search-then-bind with the service account, else the DN pattern to bind to
     */
    LdapAuthenticator(String backend, LdapConnections connections, UsernameCaseConversion caseConversion,
                      DN userSearchBase, String userSearchFilter, String userDnPattern,
                      UsernameAttribute usernameAttribute, GroupResolver groups) {
        this.backend = backend;
        this.connections = connections;
        this.caseConversion = caseConversion;
        this.userSearchBase = userSearchBase;
        this.userSearchFilter = userSearchFilter;
        this.userDnPattern = userDnPattern;
        this.usernameAttribute = usernameAttribute;
        this.groups = groups;
        List<String> attributes = new ArrayList<>(List.of(usernameAttribute.name(), "mail", "displayName", "cn"));
        attributes.addAll(groups.userAttributes());
        this.userAttributes = attributes.toArray(String[]::new);
    }

    @Override
    public Set<CredentialKind> accepts() {
        return Set.of(CredentialKind.PASSWORD);
    }

    @Override
    public String challenge() {
        return Challenges.basic("tessera");
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) throws ProviderUnavailableException {
        if (!(credentials instanceof Credentials.Password password)) {
            return AuthOutcome.notMine();
        }
        // Only finds the entry: the identity is named by the entry (canonicalName), never by this spelling.
        String typed = caseConversion.apply(password.username().strip());
        if (password.password().isEmpty()) {
            // An LDAP simple bind with an empty password is an unauthenticated bind, which "succeeds".
            return refuse(typed, "empty password, refused before any bind");
        }
        if (typed.isEmpty() || typed.length() > MAX_USERNAME_LENGTH || typed.indexOf('\0') >= 0) {
            return refuse(typed, "unusable username");
        }
        try {
            Optional<Identity> identity = userDnPattern == null
                    ? searchThenBind(typed, password.password())
                    : directBind(typed, password.password());
            return identity.<AuthOutcome>map(AuthOutcome.Accepted::new)
                    .orElseGet(() -> refuse(typed, "no such user or wrong password"));
        } catch (LDAPException e) {
            throw connections.unavailable(e);
        }
    }

    private Optional<Identity> searchThenBind(String typed, String password) throws LDAPException {
        Optional<Entry> user = connections.asServiceAccount(ldap -> findUser(ldap, typed));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String userDn = user.get().getDN();
        if (!connections.onBindConnection(connection -> bind(connection, userDn, password))) {
            return Optional.empty();
        }
        Optional<String> name = canonicalName(user.get());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Set<String> groupNames = connections.asServiceAccount(ldap -> groups.groupNames(ldap, user.get(), name.get()));
        return Optional.of(identity(name.get(), user.get(), groupNames));
    }

    /**
     * Binds as the user and, on the same connection and with the user's rights, reads the entry and groups. An
     * entry the user may not read gives no name to trust, so the login is refused rather than named as typed.
     */
    private Optional<Identity> directBind(String typed, String password) throws LDAPException {
        DN userDn = Placeholders.dn(userDnPattern, typed);
        return connections.onBindConnection(connection -> {
            if (!bind(connection, userDn.toString(), password)) {
                return Optional.empty();
            }
            Entry user = connection.getEntry(userDn.toString(), userAttributes);
            Optional<String> name = user == null ? Optional.empty() : canonicalName(user);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(identity(name.get(), user, groups.groupNames(connection, user, name.get())));
        });
    }

    /**
     * The directory's spelling of the user's name, read from the entry. Group searches get it as stored
     * ({@code memberUid} compares case-exactly); the identity gets it after the case conversion.
     */
    private Optional<String> canonicalName(Entry user) throws LDAPException {
        Optional<String> name = usernameAttribute.valueOf(user);
        if (name.isEmpty()) {
            LOG.warn("LDAP backend {}: the entry {} has no single readable value of usernameAttribute '{}'; "
                    + "refusing the login (set usernameAttribute to an attribute every user has once, and let the "
                    + "{} read it)", backend, user.getDN(), usernameAttribute,
                    userDnPattern == null ? "service account" : "user");
        }
        return name;
    }

    private Optional<Entry> findUser(LDAPInterface ldap, String typed) throws LDAPException {
        SearchRequest request = new SearchRequest(userSearchBase.toString(), SearchScope.SUB,
                Placeholders.filter(userSearchFilter, typed), userAttributes);
        request.setSizeLimit(2);
        SearchResult result;
        try {
            result = ldap.search(request);
        } catch (LDAPSearchException e) {
            if (!ResultCode.SIZE_LIMIT_EXCEEDED.equals(e.getResultCode())) {
                throw e;
            }
            result = e.getSearchResult();
        }
        if (result.getEntryCount() > 1) {
            LOG.warn("LDAP backend {}: userSearchFilter matches several entries for {}; refusing", backend,
                    printable(typed));
            return Optional.empty();
        }
        return result.getEntryCount() == 1 ? Optional.of(result.getSearchEntries().get(0)) : Optional.empty();
    }

    private static boolean bind(LDAPConnection connection, String dn, String password) throws LDAPException {
        try {
            connection.bind(new SimpleBindRequest(dn, password));
            return true;
        } catch (LDAPException e) {
            if (BIND_REFUSED.contains(e.getResultCode())) {
                return false;
            }
            throw e;
        }
    }

    private Identity identity(String canonicalName, Entry user, Set<String> groupNames) {
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "email", user.getAttributeValue("mail"));
        String displayName = user.getAttributeValue("displayName");
        putIfPresent(attributes, "displayName", displayName != null ? displayName : user.getAttributeValue("cn"));
        return new Identity(caseConversion.apply(canonicalName), backend, groupNames, attributes);
    }

    private static void putIfPresent(Map<String, String> attributes, String key, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(key, value);
        }
    }

    private AuthOutcome refuse(String username, String why) {
        LOG.debug("LDAP backend {}: refused {}: {}", backend, printable(username), why);
        return AuthOutcome.rejected(INVALID);
    }

    /** Request text goes into log lines with its control characters neutralized. */
    private static String printable(String username) {
        return username.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    @Override
    public void close() {
        connections.close();
    }
}
