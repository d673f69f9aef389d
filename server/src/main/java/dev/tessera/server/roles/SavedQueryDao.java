package dev.tessera.server.roles;

import dev.tessera.server.roles.SavedQueryStore.Share;
import dev.tessera.server.roles.SavedQueryStore.StoredQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Plain statements on saved queries and their shares; {@link SavedQueryStore} composes them. Portable SQL only. */
@RegisterConstructorMapper(StoredQuery.class)
@RegisterConstructorMapper(Share.class)
public interface SavedQueryDao {

    String COLUMNS = "q.id, q.owner, q.name, q.cube, q.query_json AS queryJson, q.created_at AS createdAt,"
            + " q.updated_at AS updatedAt";

    @SqlUpdate("INSERT INTO saved_queries (id, owner, name, cube, query_json, created_at, updated_at)"
            + " VALUES (:id, :owner, :name, :cube, :json, :now, :now)")
    void insert(@Bind("id") String id, @Bind("owner") String owner, @Bind("name") String name, @Bind("cube") String cube,
                @Bind("json") String json, @Bind("now") Instant now);

    @SqlUpdate("UPDATE saved_queries SET name = :name, cube = :cube, query_json = :json, updated_at = :now WHERE id = :id")
    int update(@Bind("id") String id, @Bind("name") String name, @Bind("cube") String cube, @Bind("json") String json,
               @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM saved_queries WHERE id = :id")
    int delete(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_queries q WHERE q.id = :id")
    Optional<StoredQuery> byId(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_queries q WHERE q.owner = :owner ORDER BY q.name")
    List<StoredQuery> ownedBy(@Bind("owner") String owner);

    @SqlQuery("SELECT COUNT(*) FROM saved_queries WHERE owner = :owner")
    int countOwnedBy(@Bind("owner") String owner);

    @SqlQuery("SELECT COUNT(*) FROM saved_queries WHERE owner = :owner AND name = :name AND id <> :id")
    int nameTaken(@Bind("owner") String owner, @Bind("name") String name, @Bind("id") String exceptId);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_queries q WHERE q.owner <> :user AND q.id IN ("
            + "SELECT s.query_id FROM saved_query_shares s WHERE (s.kind = 'user' AND s.grantee = :user)"
            + " OR (s.kind = 'role' AND s.grantee IN (<roles>))) ORDER BY q.owner, q.name")
    List<StoredQuery> sharedWith(@Bind("user") String user, @BindList("roles") Collection<String> roles);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_queries q ORDER BY q.owner, q.name, q.id LIMIT :limit OFFSET :offset")
    List<StoredQuery> all(@Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT query_id AS queryId, kind, grantee FROM saved_query_shares WHERE query_id IN (<ids>)"
            + " ORDER BY kind, grantee")
    List<Share> sharesOf(@BindList("ids") Collection<String> ids);

    @SqlQuery("SELECT COUNT(*) FROM saved_query_shares WHERE query_id = :id")
    int shareCount(@Bind("id") String id);

    @SqlUpdate("INSERT INTO saved_query_shares (query_id, kind, grantee, shared_by, shared_at)"
            + " VALUES (:id, :kind, :grantee, :by, :now)")
    void insertShare(@Bind("id") String id, @Bind("kind") String kind, @Bind("grantee") String grantee,
                     @Bind("by") String sharedBy, @Bind("now") Instant now);

    @SqlQuery("SELECT COUNT(*) FROM saved_query_shares WHERE query_id = :id AND kind = :kind AND grantee = :grantee")
    int shareExists(@Bind("id") String id, @Bind("kind") String kind, @Bind("grantee") String grantee);

    @SqlUpdate("DELETE FROM saved_query_shares WHERE query_id = :id AND kind = :kind AND grantee = :grantee")
    int deleteShare(@Bind("id") String id, @Bind("kind") String kind, @Bind("grantee") String grantee);

    @SqlUpdate("DELETE FROM saved_query_shares WHERE query_id = :id")
    int deleteShares(@Bind("id") String id);
}
