package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, acceptance 3: pgJDBC's DatabaseMetaData and ResultSetMetaData answer on osgres what they answer on a
 * real PostgreSQL 15 started by the test, for the same schema (tables with serial primary keys, NOT NULL, defaults,
 * a UNIQUE and a CHECK constraint, a foreign key, an index, a view, a function). Each call's rows are rendered as
 * text, every column, and compared; only values that are oids by nature (a function's specific name) are masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseMetaDataIT {
    private static final String SCHEMA = """
            create table customers (id serial primary key, email text not null unique, name varchar(100) default 'x',
                created date);
            create table orders (id serial primary key, customer_id int references customers (id) on delete cascade,
                total numeric(10, 2) check (total >= 0), placed timestamptz default now(), note text);
            create index orders_cust on orders (customer_id);
            create view big_orders as select id, customer_id, total from orders where total > 100;
            create function add_one(i int) returns int language sql as 'select i + 1';
            """;

    private TestServer osgres;
    private ReferencePostgres postgres;

    @BeforeAll
    void start() throws SQLException {
        osgres = TestServer.create().start();
        postgres = ReferencePostgres.start();
        for (int port : new int[] {osgres.port, postgres.port}) {
            try (Connection c = connect(port); Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
        }
    }

    @AfterAll
    void stop() {
        if (osgres != null) {
            osgres.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Connection connect(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    interface MetaCall {
        ResultSet call(DatabaseMetaData md) throws SQLException;
    }

    private static MetaCall call(String name) {
        return switch (name) {
            case "getTables" -> md -> md.getTables(null, "public", "%", null);
            case "getColumns" -> md -> md.getColumns(null, "public", "%", "%");
            case "getPrimaryKeys" -> md -> md.getPrimaryKeys(null, "public", "orders");
            case "getIndexInfo" -> md -> md.getIndexInfo(null, "public", "orders", false, false);
            case "getImportedKeys" -> md -> md.getImportedKeys(null, "public", "orders");
            case "getExportedKeys" -> md -> md.getExportedKeys(null, "public", "customers");
            case "getTypeInfo" -> DatabaseMetaData::getTypeInfo;
            case "getSchemas" -> DatabaseMetaData::getSchemas;
            case "getCatalogs" -> DatabaseMetaData::getCatalogs;
            case "getProcedures" -> md -> md.getProcedures(null, "public", "%");
            case "getFunctions" -> md -> md.getFunctions(null, "public", "%");
            case "getTableTypes" -> DatabaseMetaData::getTableTypes;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<String> render(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            header.append(i > 1 ? " | " : "").append(md.getColumnLabel(i));
        }
        rows.add(header.toString());
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String v = rs.getString(i);
                if (v != null && md.getColumnLabel(i).equalsIgnoreCase("specific_name")) {
                    v = v.replaceAll("_\\d+$", "_<oid>");
                }
                row.append(i > 1 ? " | " : "").append(v);
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> metadata(int port, String name) throws SQLException {
        try (Connection c = connect(port); ResultSet rs = call(name).call(c.getMetaData())) {
            return render(rs);
        }
    }

    /*
     * getTypeInfo lists pg_type's rows that are not a table's or view's row type, in pg_type's scan order within each
     * java.sql.Types: the array types of all system catalogs and views, information_schema's domains and their
     * arrays, and the arrays of the schema's tables and view (_customers, _orders, _big_orders) after them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"getTables", "getColumns", "getPrimaryKeys", "getIndexInfo", "getImportedKeys",
        "getExportedKeys", "getTypeInfo", "getSchemas", "getCatalogs", "getProcedures", "getFunctions",
        "getTableTypes"})
    void databaseMetaDataAnswersAsOnPostgres(String name) throws SQLException {
        List<String> expected = metadata(postgres.port, name);
        assertThat(metadata(osgres.port, name)).as("%s on osgres (PostgreSQL 15 gives %s)", name, expected)
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"select * from orders", "select o.id, c.email, o.total * 2 as twice from orders o "
        + "join customers c on c.id = o.customer_id", "select * from big_orders"})
    void resultSetMetaDataAnswersAsOnPostgres(String query) throws SQLException {
        assertThat(resultMetadata(osgres.port, query)).containsExactlyElementsOf(resultMetadata(postgres.port, query));
    }

    private static List<String> resultMetadata(int port, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i) + ": table=" + md.getTableName(i) + " schema=" + md.getSchemaName(i)
                        + " type=" + md.getColumnTypeName(i) + " nullable=" + md.isNullable(i)
                        + " autoIncrement=" + md.isAutoIncrement(i) + " precision=" + md.getPrecision(i)
                        + " scale=" + md.getScale(i) + " class=" + md.getColumnClassName(i));
            }
        }
        return out;
    }
}
