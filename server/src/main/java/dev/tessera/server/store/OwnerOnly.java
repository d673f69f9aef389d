package dev.tessera.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Owner-only permissions: 0700 for a directory, 0600 for a file. On a file system without POSIX permissions
 * (Windows) every method does nothing: there the directory's ACL, set by whoever installed Tessera, decides.
 */
public final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the directory (and missing parents) owner-only from the start, or makes an existing one so. */
    public static void directory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.toAbsolutePath().getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
                return;
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(directory);
                return;
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else: restrict it below
            }
        }
        if (isPosix(directory)) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
    }

    /** Makes the regular files directly in the directory whose names pass the test 0600; links are left alone. */
    public static void files(Path directory, Predicate<String> name) throws IOException {
        if (!Files.isDirectory(directory) || !isPosix(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && name.test(entry.getFileName().toString())) {
                    Files.setPosixFilePermissions(entry, FILE);
                }
            }
        }
    }

    /** Whether users other than the owner may enter or read the directory. */
    public static boolean othersCanReach(Path directory) throws IOException {
        if (!isPosix(directory)) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        return !DIRECTORY.containsAll(permissions);
    }

    private static boolean isPosix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
