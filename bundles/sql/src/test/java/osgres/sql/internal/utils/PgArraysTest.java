package osgres.sql.internal.utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.func.ArrayFunctions;
import osgres.storage.ArrayValue;

/** array_in, array_out, array_send/array_recv and array_cmp as PostgreSQL's arrayfuncs.c behave. */
class PgArraysTest {
    private static final TypeIo.OutputSettings OUT = TypeIo.OutputSettings.DEFAULT;

    private static ArrayValue in(PgType element, String text) {
        return PgArrays.input(element, text, null);
    }

    @Test
    void textFormRoundTripsWithDimensionsBoundsAndQuoting() {
        assertThat(PgArrays.output(in(PgType.INT4, " { {1, 2} , {3,NULL} } "), OUT)).isEqualTo("{{1,2},{3,NULL}}");
        assertThat(PgArrays.output(in(PgType.INT4, "[0:1][-1:-1]={{7},{8}}"), OUT))
                .isEqualTo("[0:1][-1:-1]={{7},{8}}");
        assertThat(PgArrays.output(in(PgType.TEXT, "{\"a,b\", c\\\"d ,\"\",null,\"null\"}"), OUT))
                .isEqualTo("{\"a,b\",\"c\\\"d\",\"\",NULL,\"null\"}");
        assertThat(PgArrays.output(in(PgType.BYTEA, "{\"\\\\x0102\"}"), OUT)).isEqualTo("{\"\\\\x0102\"}");
        assertThat(in(PgType.FLOAT8, "{}").ndim()).isZero();
    }

    @Test
    void malformedLiteralsFailWithArrayInsDetail() {
        assertThatThrownBy(() -> in(PgType.INT4, "{{1},2}")).isInstanceOf(PgException.class)
                .hasMessage("malformed array literal: \"{{1},2}\"");
        assertThatThrownBy(() -> in(PgType.INT4, "{{1,2},{3}}")).isInstanceOf(PgException.class)
                .satisfies(e -> assertThat(((PgException) e).detail())
                        .isEqualTo("Multidimensional arrays must have sub-arrays with matching dimensions."));
        assertThatThrownBy(() -> in(PgType.INT4, "[1:2]={1}")).isInstanceOf(PgException.class)
                .satisfies(e -> assertThat(((PgException) e).detail())
                        .isEqualTo("Specified array dimensions do not match array contents."));
        assertThatThrownBy(() -> in(PgType.INT4, "{1,x}")).isInstanceOf(PgException.class)
                .hasMessage("invalid input syntax for type integer: \"x\"");
    }

    @Test
    void binaryFormRoundTripsAndChecksTheElementType() {
        ArrayValue a = in(PgType.INT8, "[2:3][1:2]={{1,NULL},{3,4}}");
        byte[] sent = PgArrays.send(a, OUT);
        assertThat(PgArrays.receive(PgType.INT8, sent, 1)).isEqualTo(a);
        assertThatThrownBy(() -> PgArrays.receive(PgType.INT4, sent, 1)).isInstanceOf(PgException.class)
                .hasMessageContaining("binary data has array element type 20 (bigint) instead of expected 23");
    }

    @Test
    void arraysCompareAsArrayCmp() {
        assertThat(PgArrays.compare(in(PgType.INT4, "{1,2}"), in(PgType.INT4, "{1,2,3}"))).isNegative();
        assertThat(PgArrays.compare(in(PgType.INT4, "{1,NULL}"), in(PgType.INT4, "{1,5}"))).isPositive();
        assertThat(PgArrays.compare(in(PgType.INT4, "{1,2}"), in(PgType.INT4, "[0:1]={1,2}"))).isPositive();
        assertThat(PgArrays.compare(in(PgType.NUMERIC, "{1.0}"), in(PgType.NUMERIC, "{1.00}"))).isZero();
    }

    @Test
    void subscriptedAssignmentGrowsOneDimensionAsArraySetElementDoes() {
        int int4 = PgType.INT4.oid();
        ArrayValue a = in(PgType.INT4, "{1,2,NULL,4}");
        assertThat(PgArrays.output(ArrayFunctions.assignElement(a, int4, new Integer[] {2}, 22), OUT))
                .isEqualTo("{1,22,NULL,4}");
        assertThat(PgArrays.output(ArrayFunctions.assignElement(a, int4, new Integer[] {6}, 6), OUT))
                .isEqualTo("{1,2,NULL,4,NULL,6}");
        assertThat(PgArrays.output(ArrayFunctions.assignElement(a, int4, new Integer[] {-1}, 0), OUT))
                .isEqualTo("[-1:4]={0,NULL,1,2,NULL,4}");
        assertThat(PgArrays.output(ArrayFunctions.assignElement(null, int4, new Integer[] {3, 2}, 7), OUT))
                .isEqualTo("[3:3][2:2]={{7}}");
        ArrayValue m = in(PgType.INT4, "{{1,2},{3,4}}");
        assertThatThrownBy(() -> ArrayFunctions.assignElement(m, int4, new Integer[] {3, 1}, 0))
                .hasMessage("array subscript out of range");
        assertThatThrownBy(() -> ArrayFunctions.assignElement(m, int4, new Integer[] {1}, 0))
                .hasMessage("wrong number of array subscripts");
        assertThatThrownBy(() -> ArrayFunctions.assignElement(a, int4, new Integer[] {null}, 0))
                .hasMessage("array subscript in assignment must not be null");
    }

    @Test
    void sliceAssignmentTakesTheSourceInStorageOrder() {
        int int4 = PgType.INT4.oid();
        ArrayValue a = in(PgType.INT4, "{1,2,NULL,4}");
        assertThat(PgArrays.output(ArrayFunctions.assignSlice(a, int4, new Integer[] {0}, new Integer[] {2},
                in(PgType.INT4, "{10,11,12}")), OUT)).isEqualTo("[0:4]={10,11,12,NULL,4}");
        assertThat(PgArrays.output(ArrayFunctions.assignSlice(a, int4, new Integer[] {6}, new Integer[] {7},
                in(PgType.INT4, "{6,7,8}")), OUT)).isEqualTo("{1,2,NULL,4,NULL,6,7}");
        ArrayValue m = in(PgType.INT4, "{{1,2,3},{4,5,6}}");
        assertThat(PgArrays.output(ArrayFunctions.assignSlice(m, int4, new Integer[] {null, 2},
                new Integer[] {null, 3}, in(PgType.INT4, "{8,9,10,11}")), OUT)).isEqualTo("{{1,8,9},{4,10,11}}");
        assertThat(ArrayFunctions.assignSlice(m, int4, new Integer[] {1}, new Integer[] {1}, null)).isSameAs(m);
        assertThatThrownBy(() -> ArrayFunctions.assignSlice(a, int4, new Integer[] {1}, new Integer[] {3},
                in(PgType.INT4, "{1}"))).hasMessage("source array too small");
        assertThatThrownBy(() -> ArrayFunctions.assignSlice(null, int4, new Integer[] {null}, new Integer[] {2},
                in(PgType.INT4, "{1,2}"))).hasMessage("array slice subscript must provide both boundaries");
        assertThat(PgArrays.output(ArrayFunctions.assignSlice(null, int4, new Integer[] {2}, new Integer[] {3},
                in(PgType.INT4, "{1,2,3}")), OUT)).isEqualTo("[2:3]={1,2}");
    }

    @Test
    void subscriptsSlicesAndConcatenation() {
        ArrayValue m = in(PgType.INT4, "{{1,2,3},{4,5,6}}");
        assertThat(ArrayFunctions.element(m, new Integer[] {2, 3})).isEqualTo(6);
        assertThat(ArrayFunctions.element(m, new Integer[] {3, 1})).isNull();
        assertThat(PgArrays.output(ArrayFunctions.slice(m, new Integer[] {1, 2}, new Integer[] {2, 3}), OUT))
                .isEqualTo("{{2,3},{5,6}}");
        assertThat(PgArrays.output(ArrayFunctions.cat(m, in(PgType.INT4, "{7,8,9}")), OUT))
                .isEqualTo("{{1,2,3},{4,5,6},{7,8,9}}");
        assertThatThrownBy(() -> ArrayFunctions.cat(m, in(PgType.INT4, "{7}"))).isInstanceOf(PgException.class)
                .hasMessage("cannot concatenate incompatible arrays");
    }
}
