package dev.tessera.server.replicas;

import com.codahale.metrics.health.HealthCheck;

/**
 * Whether this replica hears the others' changes. Deaf is degraded, not down: it still serves correctly, only a
 * revoke elsewhere takes up to the role cache's TTL to reach it; so the check stays healthy and says "degraded".
 */
public final class ChangeListenerHealthCheck extends HealthCheck {

    private final ChangeListener listener;

    public ChangeListenerHealthCheck(ChangeListener listener) {
        this.listener = listener;
    }

    @Override
    protected Result check() {
        ChangeListener.State state = listener.state();
        if (state.listening()) {
            return Result.builder().healthy().withMessage("listening for other replicas' changes")
                    .withDetail("state", "up").withDetail("since", state.since().toString()).build();
        }
        return Result.builder().healthy()
                .withMessage("degraded: not hearing other replicas' changes (" + state.problem()
                        + "); caches fall back to their TTL")
                .withDetail("state", "degraded").withDetail("since", state.since().toString()).build();
    }
}
