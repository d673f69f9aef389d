package dev.tessera.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.TokenEndpointAuth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * How Tessera proves itself to the provider's token and introspection endpoints.
 *
 * <p>With {@code useClientSecretAsCertificate} (Atoti's option) the "secret" is a client certificate: it is sent,
 * URL-encoded PEM as nginx's {@code $ssl_client_escaped_cert} produces and Keycloak's proxy certificate lookup
 * reads, in an {@code X-Cert} header, and the request carries only {@code client_id}, no secret.
 */
final class ClientCredentials {

    static final String CERTIFICATE_HEADER = "X-Cert";

    private final ClientID clientId;
    private final Secret secret;
    private final TokenEndpointAuth method;
    private final boolean secretIsCertificate;
    private final PrivateKey privateKey;
    private final String privateKeyId;

    private ClientCredentials(ClientID clientId, Secret secret, TokenEndpointAuth method, boolean secretIsCertificate,
                              PrivateKey privateKey, String privateKeyId) {
        this.clientId = clientId;
        this.secret = secret;
        this.method = method;
        this.secretIsCertificate = secretIsCertificate;
        this.privateKey = privateKey;
        this.privateKeyId = privateKeyId;
    }

    static ClientCredentials from(OidcAuthenticatorFactory config) throws IOException {
        PrivateKey key = config.getTokenEndpointAuth() == TokenEndpointAuth.PRIVATE_KEY_JWT
                ? readPrivateKey(config.getPrivateKey()) : null;
        Secret secret = config.getClientSecret() == null ? null : new Secret(config.getClientSecret());
        return new ClientCredentials(new ClientID(config.getClientId()), secret, config.getTokenEndpointAuth(),
                config.isUseClientSecretAsCertificate(), key, config.getPrivateKeyId());
    }

    ClientID clientId() {
        return clientId;
    }

    /** Authentication for a request to {@code endpoint}; empty when the client id goes in the body instead. */
    Optional<ClientAuthentication> forEndpoint(URI endpoint) {
        if (secretIsCertificate) {
            return Optional.empty();
        }
        return Optional.of(switch (method) {
            case CLIENT_SECRET_BASIC -> new ClientSecretBasic(clientId, secret);
            case CLIENT_SECRET_POST -> new ClientSecretPost(clientId, secret);
            case PRIVATE_KEY_JWT -> privateKeyJwt(endpoint);
        });
    }

    /** Adds the {@code X-Cert} header when the secret is a certificate. */
    void decorate(HTTPRequest request) {
        if (secretIsCertificate) {
            request.setHeader(CERTIFICATE_HEADER, URLEncoder.encode(secret.getValue(), StandardCharsets.UTF_8));
        }
    }

    private PrivateKeyJWT privateKeyJwt(URI endpoint) {
        JWSAlgorithm algorithm = privateKey instanceof ECPrivateKey ec ? ecAlgorithm(ec) : JWSAlgorithm.RS256;
        try {
            // A fresh assertion each time: it carries its own jti and a short expiry.
            return new PrivateKeyJWT(clientId, endpoint, algorithm, privateKey, privateKeyId, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the private_key_jwt client assertion", e);
        }
    }

    private static JWSAlgorithm ecAlgorithm(ECPrivateKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return bits > 384 ? JWSAlgorithm.ES512 : bits > 256 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("privateKey " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IOException("privateKey " + file + " is not PKCS#8; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem'");
        }
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new IOException("privateKey " + file + " must be an unencrypted PEM 'BEGIN PRIVATE KEY' (PKCS#8) file");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec;
        try {
            spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IOException("privateKey " + file + " holds invalid base64", e);
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IOException("privateKey " + file + " is neither an RSA nor an EC private key");
    }
}
