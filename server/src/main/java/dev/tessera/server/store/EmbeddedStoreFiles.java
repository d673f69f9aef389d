package dev.tessera.server.store;

import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data directory and the embedded role store (password hashes, sessions, audit) private to the account
 * that runs Tessera. The directories are made 0700, so that nothing in them is reachable by another local user,
 * including files H2 creates later with the umask's permissions; the files already there are made 0600. Run
 * before the store is opened, and again after, for the files opening it created.
 */
public final class EmbeddedStoreFiles {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreFiles.class);

    private EmbeddedStoreFiles() {}

    public static void secure(Path dataDirectory, DataSourceFactory database) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        try {
            OwnerOnly.directory(data);
            OwnerOnly.files(data, name -> true);
        } catch (IOException e) {
            throw new IllegalStateException("dataDirectory " + data + " cannot be made owner-only (0700): " + e, e);
        }
        H2Url.parse(database.getUrl()).flatMap(H2Url::baseFile).ifPresent(base -> secureStore(data, base));
    }

    private static void secureStore(Path data, Path base) {
        Path directory = base.getParent();
        String prefix = base.getFileName() + ".";
        try {
            if (directory.startsWith(data) || !Files.exists(directory)) {
                OwnerOnly.directory(directory);
            } else if (OwnerOnly.othersCanReach(directory)) {
                // Not ours to restrict (it could be /tmp): its files are, but not those H2 will create later.
                LOG.warn("The role store's directory {} is open to other users; make it owner-only (chmod 700) or "
                        + "keep the store in dataDirectory", directory);
            }
            OwnerOnly.files(directory, name -> name.startsWith(prefix));
        } catch (IOException e) {
            throw new IllegalStateException("The role store's files in " + directory + " cannot be made owner-only: " + e, e);
        }
    }
}
