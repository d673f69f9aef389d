package dev.tessera.server.saved;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.SavedQueryStore;
import dev.tessera.server.roles.SavedQueryStore.Share;
import dev.tessera.server.roles.SavedQueryStore.StoredQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may see which saved query, and how one is shown: its owner sees it with its shares, a user it is shared with
 * (by name or through a role) sees it read-only, anyone else is told there is no such query (404, never 403, so an
 * id does not reveal that it exists). Checks what is saved against the caps.
 */
public final class SavedQueries {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_QUERY_BYTES = 64 * 1024;
    public static final int MAX_PER_OWNER = 500;
    public static final int MAX_SHARES_PER_QUERY = 100;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final SavedQueryStore store;
    private final SavedQueryCheck check;
    private final ObjectMapper mapper;
    /** Writes the query as it is kept: without the keys the client left out. */
    private final ObjectMapper writer;

    public SavedQueries(SavedQueryStore store, CubeService cubes, ObjectMapper mapper) {
        this.store = store;
        this.check = new SavedQueryCheck(cubes, mapper);
        this.mapper = mapper;
        this.writer = mapper.copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    public SavedQueryStore store() {
        return store;
    }

    /** A query the caller owns or that is shared with them; 404 otherwise. */
    public StoredQuery visible(TesseraUser user, String id) {
        StoredQuery query = find(id);
        if (isOwner(user, query) || isSharedWith(user, query)) {
            return query;
        }
        throw notFound(id);
    }

    /** A query the caller owns; 403 when it is only shared with them (read-only), 404 when they cannot see it. */
    public StoredQuery owned(TesseraUser user, String id) {
        StoredQuery query = visible(user, id);
        if (!isOwner(user, query)) {
            throw new ProblemException(403, "The saved query '" + query.name() + "' is " + query.owner()
                    + "'s, shared with you read-only: run it, or save a copy of your own with POST /api/v1/saved-queries.");
        }
        return query;
    }

    private StoredQuery find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw notFound(id);
        }
        return store.byId(id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No saved query '" + id + "' of yours or shared with you;"
                + " GET /api/v1/saved-queries and /api/v1/saved-queries/shared-with-me list them.");
    }

    private static boolean isOwner(TesseraUser user, StoredQuery query) {
        return query.owner().equals(user.getName());
    }

    private boolean isSharedWith(TesseraUser user, StoredQuery query) {
        return store.sharesOf(List.of(query.id())).stream().anyMatch(share ->
                share.kind().equals(SavedQueryStore.USER) ? share.grantee().equals(user.getName())
                        : user.roles().has(share.grantee()));
    }

    /** The query as the cube layer reads it; a stored one that no longer reads is a 422 naming why. */
    public CubeQuery parse(StoredQuery stored) {
        try {
            return mapper.readValue(stored.queryJson(), CubeQuery.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.unprocessable("/query", "The saved query '" + stored.name()
                    + "' no longer reads as a cube query: " + e.getOriginalMessage() + ". Save it again with PUT.");
        }
    }

    /** The name, trimmed, or a 422. */
    public static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH || stripped.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.unprocessable("/name", "name must be 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters, e.g. \"Revenue by country\".");
        }
        return stripped;
    }

    /** The JSON kept for a request's query, after checking it against the cube (422 with pointers under /query). */
    public String queryJson(String cube, CubeQuery query) {
        if (query == null) {
            throw ProblemException.unprocessable("/query",
                    "query is required: the JSON the query endpoint takes, e.g. {\"measures\":[\"revenue\"]}.");
        }
        List<Problem.FieldError> problems = check.problems(cube, query);
        if (!problems.isEmpty()) {
            String detail = problems.size() == 1 ? problems.get(0).detail() : problems.size() + " problems in the query; see errors.";
            throw ProblemException.unprocessable(detail, problems);
        }
        String json = write(query);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_QUERY_BYTES) {
            throw ProblemException.unprocessable("/query", "A saved query may be at most " + MAX_QUERY_BYTES / 1024
                    + " KiB of JSON; this one is larger.");
        }
        return json;
    }

    private String write(CubeQuery query) {
        try {
            return writer.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated query could not be written as JSON", e);
        }
    }

    /** Views of several queries; shares shown when {@code withShares} (owner, admin). */
    public List<SavedQueryView> views(List<StoredQuery> queries, boolean withShares) {
        Map<String, List<Share>> shares = withShares
                ? store.sharesOf(queries.stream().map(StoredQuery::id).toList()).stream()
                        .collect(Collectors.groupingBy(Share::queryId))
                : Map.of();
        List<SavedQueryView> views = new ArrayList<>();
        for (StoredQuery query : queries) {
            views.add(view(query, withShares ? shares.getOrDefault(query.id(), List.of()) : null));
        }
        return views;
    }

    public SavedQueryView view(StoredQuery query, boolean withShares) {
        return views(List.of(query), withShares).get(0);
    }

    private SavedQueryView view(StoredQuery query, List<Share> shares) {
        List<Problem.FieldError> problems = check.problems(query);
        SavedQueryView.Shares sharedWith = shares == null ? null : new SavedQueryView.Shares(
                grantees(shares, SavedQueryStore.USER), grantees(shares, SavedQueryStore.ROLE));
        return new SavedQueryView(query.id(), query.name(), query.cube(), tree(query.queryJson()), query.owner(),
                query.createdAt(), query.updatedAt(), sharedWith, problems.isEmpty(), problems.isEmpty() ? null : problems);
    }

    private static List<String> grantees(List<Share> shares, String kind) {
        return shares.stream().filter(share -> share.kind().equals(kind)).map(Share::grantee).toList();
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null; // the problems say why; the view still lists the query
        }
    }
}
