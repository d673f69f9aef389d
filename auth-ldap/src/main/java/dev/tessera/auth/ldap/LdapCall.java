package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.LDAPException;

/** One unit of directory work on a connection or pool, repeatable when the connection it ran on died. */
@FunctionalInterface
interface LdapCall<C, T> {
    T apply(C ldap) throws LDAPException;
}
