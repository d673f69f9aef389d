package dev.tessera.auth.oidc;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;

/** Timeouts applied to every call Tessera makes to the provider. */
record HttpSettings(int connectTimeoutMillis, int readTimeoutMillis) {

    /** JWKS and discovery documents are small; a provider sending megabytes is broken or hostile. */
    static final int SIZE_LIMIT_BYTES = 512 * 1024;

    HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(connectTimeoutMillis);
        request.setReadTimeout(readTimeoutMillis);
        request.setFollowRedirects(false);
        return request.send();
    }

    ResourceRetriever retriever() {
        return new DefaultResourceRetriever(connectTimeoutMillis, readTimeoutMillis, SIZE_LIMIT_BYTES);
    }
}
