package dev.tessera.auth.basic;

import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.LocalUserRecords;
import dev.tessera.auth.spi.Usernames;

/** Local users as Basic keeps them: case-insensitive names, Argon2id hashes in the server's records. */
final class BasicAccounts implements LocalUserAccounts {

    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final LocalUserRecords records;
    private final PasswordHasher hasher;

    BasicAccounts(LocalUserRecords records, PasswordHasher hasher) {
        this.records = records;
        this.hasher = hasher;
    }

    @Override
    public String username(String typed) {
        return Usernames.caseInsensitive(typed);
    }

    @Override
    public int minPasswordLength() {
        return MIN_PASSWORD_LENGTH;
    }

    @Override
    public int maxPasswordLength() {
        return MAX_PASSWORD_LENGTH;
    }

    @Override
    public String generatePassword() {
        return PasswordHasher.generatePassword();
    }

    @Override
    public boolean create(String actor, String username, String password) {
        return records.insert(actor, username(username), hasher.hash(password));
    }

    @Override
    public boolean setPassword(String actor, String username, String password) {
        return records.updatePasswordHash(actor, username(username), hasher.hash(password));
    }

    @Override
    public boolean delete(String actor, String username) {
        return records.delete(actor, username(username));
    }
}
