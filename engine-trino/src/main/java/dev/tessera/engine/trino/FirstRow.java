package dev.tessera.engine.trino;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * trino-jdbc's {@code executeQuery} returns as soon as Trino has accepted the query; the work happens while the
 * first row is awaited. Fetching that row on the worker keeps the whole of it inside the query's time (a timeout
 * then cancels the query in Trino); the result set handed on answers its first {@code next()} from it.
 */
final class FirstRow {

    private FirstRow() {
    }

    static ResultSet fetch(ResultSet rs) throws SQLException {
        boolean hasRow = rs.next();
        AtomicBoolean first = new AtomicBoolean(true);
        return (ResultSet) Proxy.newProxyInstance(FirstRow.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("next") && method.getParameterCount() == 0 && first.compareAndSet(true, false)) {
                        return hasRow;
                    }
                    try {
                        return method.invoke(rs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
