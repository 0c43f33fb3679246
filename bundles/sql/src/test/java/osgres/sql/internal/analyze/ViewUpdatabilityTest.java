package osgres.sql.internal.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.storage.ColumnDef;
import osgres.storage.SequenceDef;
import osgres.storage.TableDef;
import osgres.storage.TypeOids;
import osgres.storage.ViewDef;

/** PostgreSQL's view_query_is_auto_updatable verdicts, as rewriteTargetView would get them. */
class ViewUpdatabilityTest {
    private final Map<String, TableDef> relations = new HashMap<>();
    private final ParseState.Catalog catalog = (name, mode) -> relations.get(name);
    private int nextOid = 16384;

    ViewUpdatabilityTest() {
        table("t", "a", "b");
        table("u", "c", "d");
        relations.put("s", new TableDef(nextOid++, "s", SequenceDef.COLUMNS, List.of(), 100, Map.of(),
                new SequenceDef(TypeOids.INT8, 1, 1, Long.MAX_VALUE, 1, 1, false, 0, -1, false)));
    }

    private TableDef table(String name, String... columns) {
        List<ColumnDef> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(new ColumnDef(c, TypeOids.INT4, -1, false, null));
        }
        TableDef t = new TableDef(nextOid++, name, cols, List.of(), 100);
        relations.put(name, t);
        return t;
    }

    /** A view as CREATE VIEW stores it: its columns, its query, the relations it names with their widths. */
    private TableDef view(String name, String query, List<String> columns, String... reads) {
        List<ViewDef.Reference> refs = new ArrayList<>();
        for (String r : reads) {
            TableDef rel = relations.get(r);
            refs.add(new ViewDef.Reference(rel.oid(), rel.columns().size()));
        }
        List<ColumnDef> cols = columns.stream().map(c -> new ColumnDef(c, TypeOids.INT4, -1, false, null)).toList();
        TableDef v = new TableDef(nextOid++, name, cols, List.of(), 100, Map.of(), null,
                new ViewDef(query, refs, null));
        relations.put(name, v);
        return v;
    }

    private ParseState.Statement statement() {
        return new ParseState.Statement("", 0, 0, ZoneOffset.UTC, false, new int[0], catalog);
    }

    private ViewUpdatability.Verdict verdict(String query, boolean checkColumns, String... reads) {
        TableDef v = view("v" + nextOid, query, List.of(), reads);
        // the column list only matters when another view reads this one
        return ViewUpdatability.simpleTarget(v, statement(), checkColumns);
    }

    private String reason(String query, String... reads) {
        ViewUpdatability.Verdict v = verdict(query, true, reads);
        assertThat(v).as(query).isInstanceOf(ViewUpdatability.NotUpdatable.class);
        return ((ViewUpdatability.NotUpdatable) v).reason();
    }

    private ViewUpdatability.Updatable updatable(String query, boolean checkColumns, String... reads) {
        ViewUpdatability.Verdict v = verdict(query, checkColumns, reads);
        assertThat(v).as(query).isInstanceOf(ViewUpdatability.Updatable.class);
        return (ViewUpdatability.Updatable) v;
    }

    @Test
    void aSimpleViewMapsItsColumnsOntoItsTable() {
        ViewUpdatability.Updatable u = updatable("SELECT b, a FROM t WHERE a > 1", true, "t");
        assertThat(u.base().name()).isEqualTo("t");
        assertThat(u.baseColumns()).containsExactly(1, 0);
        assertThat(u.columnReasons()).containsExactly(null, null);
        assertThat(u.query().jointree().quals()).isNotNull();
    }

    @Test
    void computedColumnsAreNotUpdatableButTheViewStillIs() {
        ViewUpdatability.Updatable u = updatable("SELECT a, a + 1 AS x, 7 AS k, b FROM t", true, "t");
        assertThat(u.baseColumns()).containsExactly(0, -1, -1, 1);
        assertThat(u.columnReasons()).containsExactly(null, ViewUpdatability.NOT_BASE_COLUMN,
                ViewUpdatability.NOT_BASE_COLUMN, null);
    }

    @Test
    void aViewWithoutUpdatableColumnsAllowsOnlyDelete() {
        assertThat(reason("SELECT a + 1 AS x FROM t", "t"))
                .isEqualTo("Views that have no updatable columns are not automatically updatable.");
        assertThat(updatable("SELECT a + 1 AS x FROM t", false, "t").baseColumns()).containsExactly(-1);
    }

    @Test
    void selectStarIsTheTableAsItWasWhenTheViewWasMade() {
        TableDef v = view("v_star", "SELECT * FROM t", List.of("a", "b"), "t");
        TableDef t = relations.get("t");
        List<ColumnDef> wider = new ArrayList<>(t.columns());
        wider.add(new ColumnDef("c", TypeOids.INT4, -1, false, null));
        relations.put("t", new TableDef(t.oid(), "t", wider, List.of(), 100));
        ViewUpdatability.Verdict verdict = ViewUpdatability.simpleTarget(v, statement(), true);
        assertThat(((ViewUpdatability.Updatable) verdict).baseColumns()).containsExactly(0, 1);
    }

    @Test
    void aViewOverAViewHasThatViewAsItsBase() {
        view("v_inner", "SELECT b, a FROM t WHERE a > 0", List.of("b", "a"), "t");
        ViewUpdatability.Updatable u = updatable("SELECT a FROM v_inner", true, "v_inner");
        assertThat(u.base().name()).isEqualTo("v_inner");
        assertThat(u.base().isView()).isTrue();
        assertThat(u.baseColumns()).containsExactly(1);
    }

    @Test
    void onlyOneTableOrViewInFrom() {
        String single = "Views that do not select from a single table or view are not automatically updatable.";
        assertThat(reason("SELECT 1 AS x")).isEqualTo(single);
        assertThat(reason("SELECT a, c FROM t, u", "t", "u")).isEqualTo(single);
        assertThat(reason("SELECT a FROM t JOIN u ON a = c", "t", "u")).isEqualTo(single);
        assertThat(reason("SELECT a FROM (SELECT a FROM t) q", "t")).isEqualTo(single);
        assertThat(reason("SELECT * FROM (VALUES (1)) q (a)")).isEqualTo(single);
        assertThat(reason("SELECT last_value FROM s", "s")).isEqualTo(single);
    }

    @Test
    void queryFeaturesGivePostgresReasonsInItsOrder() {
        assertThat(reason("SELECT DISTINCT a FROM t GROUP BY a", "t"))
                .isEqualTo("Views containing DISTINCT are not automatically updatable.");
        assertThat(reason("SELECT a FROM t GROUP BY a", "t"))
                .isEqualTo("Views containing GROUP BY are not automatically updatable.");
        assertThat(reason("SELECT 1 AS x FROM t HAVING count(*) > 1", "t"))
                .isEqualTo("Views containing HAVING are not automatically updatable.");
        assertThat(reason("SELECT a FROM t UNION SELECT c FROM u", "t", "u"))
                .isEqualTo("Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.");
        assertThat(reason("WITH w AS (SELECT a FROM t) SELECT a FROM t", "t"))
                .isEqualTo("Views containing WITH are not automatically updatable.");
        assertThat(reason("SELECT a FROM t LIMIT 1", "t"))
                .isEqualTo("Views containing LIMIT or OFFSET are not automatically updatable.");
        assertThat(reason("SELECT a FROM t OFFSET 1", "t"))
                .isEqualTo("Views containing LIMIT or OFFSET are not automatically updatable.");
        assertThat(reason("SELECT count(*) AS n FROM t", "t"))
                .isEqualTo("Views that return aggregate functions are not automatically updatable.");
        assertThat(reason("SELECT a, row_number() OVER () AS n FROM t", "t"))
                .isEqualTo("Views that return window functions are not automatically updatable.");
        assertThat(reason("SELECT a, generate_series(1, 2) AS g FROM t", "t"))
                .isEqualTo("Views that return set-returning functions are not automatically updatable.");
    }

    @Test
    void theErrorIsPostgresOwn() {
        PgException e = ViewUpdatability.notUpdatable("INSERT", "v", ViewUpdatability.NOT_BASE_COLUMN);
        assertThat(e.sqlState()).isEqualTo("55000");
        assertThat(e.getMessage()).isEqualTo("cannot insert into view \"v\"");
        assertThat(e.detail()).isEqualTo(ViewUpdatability.NOT_BASE_COLUMN);
        assertThat(e.hint()).isEqualTo("To enable inserting into the view, provide an INSTEAD OF INSERT trigger or "
                + "an unconditional ON INSERT DO INSTEAD rule.");
        assertThat(ViewUpdatability.notUpdatable("UPDATE", "v", "x").getMessage()).isEqualTo("cannot update view \"v\"");
        assertThat(ViewUpdatability.notUpdatable("DELETE", "v", "x").hint()).isEqualTo("To enable deleting from the "
                + "view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule.");
    }
}
