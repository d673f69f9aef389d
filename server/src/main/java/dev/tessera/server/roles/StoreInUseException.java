package dev.tessera.server.roles;

import java.util.Optional;
import org.h2.api.ErrorCode;

/**
 * The embedded store is open in another process (a running server, or a CLI command): H2 lets one process at a
 * time open a file store, and Tessera opens no network listener for others to share it.
 */
public final class StoreInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String store;

    StoreInUseException(String store, Throwable cause) {
        super("The embedded role store " + store + " is open in another process (a running Tessera server, or a CLI "
                + "command); H2 lets one process at a time open it", cause);
        this.store = store;
    }

    /** The store's location as config.yml gives it. */
    public String store() {
        return store;
    }

    /** The failure, if it is H2 refusing a store another process holds. */
    static Optional<StoreInUseException> from(Throwable failure, String store) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return Optional.of(new StoreInUseException(store, failure));
            }
        }
        return Optional.empty();
    }
}
