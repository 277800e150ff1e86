package io.redstreams.ra;

import jakarta.resource.spi.ManagedConnectionMetaData;

/**
 * What a managed connection tells the server about itself. Redis sets no limit of its own on
 * connections from one client, so {@link #getMaxConnections()} is 0 (unknown).
 */
final class RedisConnectionMetaData implements ManagedConnectionMetaData {

    private final String userName;

    /**
     * @param userName the ACL user, or {@code null} for Redis's {@code default} user
     */
    RedisConnectionMetaData(String userName) {
        this.userName = userName == null ? "default" : userName;
    }

    @Override
    public String getEISProductName() {
        return "Redis";
    }

    /** Not asked of the server (an INFO round trip per connection); the adapter needs Redis 7 or newer. */
    @Override
    public String getEISProductVersion() {
        return "7+";
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return userName;
    }
}
