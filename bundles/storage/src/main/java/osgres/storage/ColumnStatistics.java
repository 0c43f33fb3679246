package osgres.storage;

import java.util.List;

/**
 * What ANALYZE learnt about one column of a table from its sample (PostgreSQL's pg_statistic row, as pg_stats
 * shows it): the fraction of nulls, the number of distinct non-null values ({@code nDistinct} > 0: a count;
 * < 0: minus a fraction of the rows, for columns whose distinct count grows with the table), the most common
 * values with their frequencies (fractions of all rows), and equi-depth histogram bounds over the other values
 * (empty when the values do not sort or all are common). Values are the engine's column values.
 */
public record ColumnStatistics(int column, double nullFraction, double nDistinct, List<Object> mostCommonValues,
                               List<Double> mostCommonFrequencies, List<Object> histogramBounds) {

    public ColumnStatistics {
        mostCommonValues = List.copyOf(mostCommonValues);
        mostCommonFrequencies = List.copyOf(mostCommonFrequencies);
        histogramBounds = List.copyOf(histogramBounds);
    }

    /** The distinct count for a table of {@code rows} rows. */
    public double distinct(double rows) {
        return nDistinct >= 0 ? nDistinct : -nDistinct * rows;
    }
}
