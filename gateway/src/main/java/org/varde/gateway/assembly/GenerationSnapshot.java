package org.varde.gateway.assembly;

import org.varde.gateway.routing.SeriesFacts;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed in one generation of a study when an instance arrived, for the expected-series
 * predicate: the series of that instance, from the journal's headers ({@code instances}, V1) of the
 * instances of that series that arrived in that generation. Only that series is read because only it
 * changed: every other series was judged when its own instances arrived. Read grouped by the series
 * attributes a predicate looks at, so a 2,000-image series is a row or two — this runs after every
 * instance of a watched study.
 */
final class GenerationSnapshot {
    /** Series-level columns, by the keyword a condition names them with. */
    private static final String[][] SERIES_COLUMNS = {
            {"SeriesInstanceUID", "i.series_instance_uid"}, {"SOPClassUID", "i.sop_class_uid"},
            {"Modality", "i.modality"}, {"SeriesDescription", "i.series_description"},
            {"ImageType", "i.image_type"}, {"SliceThickness", "i.slice_thickness"},
            {"BodyPartExamined", "i.body_part_examined"}, {"ViewPosition", "i.view_position"},
            {"StationName", "i.station_name"}, {"Manufacturer", "i.manufacturer"}};
    private static final String SQL;

    static {
        StringBuilder columns = new StringBuilder();
        for (String[] column : SERIES_COLUMNS) {
            columns.append(columns.isEmpty() ? "" : ", ").append(column[1]);
        }
        SQL = "SELECT " + columns + ", COUNT(*) FROM study_arrivals a "
                + "JOIN instances i ON i.sop_instance_uid = a.sop_instance_uid "
                + "WHERE a.study_instance_uid = ? AND a.generation = ? AND a.series_instance_uid = ? "
                + "GROUP BY " + columns;
    }

    private final DataSource dataSource;

    GenerationSnapshot(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Study-level facts come from {@code latest}, the instance that just arrived. */
    StudyFacts facts(InstanceRecord latest, int generation) {
        Map<String, String> studyLevel = new HashMap<>(InstanceKeywords.of(latest));
        for (String[] column : SERIES_COLUMNS) {
            studyLevel.remove(column[0]);
        }
        studyLevel.remove("SOPInstanceUID");
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = Jdbc.prepare(c, SQL, latest.studyInstanceUid(), generation,
                     latest.seriesInstanceUid());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, String> group = new LinkedHashMap<>(studyLevel);
                for (int i = 0; i < SERIES_COLUMNS.length; i++) {
                    String value = "SliceThickness".equals(SERIES_COLUMNS[i][0]) ? thickness(rs, i + 1)
                            : rs.getString(i + 1);
                    if (value != null) {
                        group.put(SERIES_COLUMNS[i][0], value);
                    }
                }
                counts.merge(group.getOrDefault("SeriesInstanceUID", ""), rs.getInt(SERIES_COLUMNS.length + 1),
                        Integer::sum);
                groups.add(group);
            }
        } catch (SQLException e) {
            throw new AssemblyException("cannot read the series of study " + latest.studyInstanceUid(), e);
        }
        return withCounts(StudyFactsAssembler.fromInstances(groups), counts);
    }

    /** Written as {@link InstanceKeywords} writes it, whichever database formats the double. */
    private static String thickness(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : InstanceKeywords.decimal(value);
    }

    /** The assembler counted groups; each series gets the number of its instances instead. */
    private static StudyFacts withCounts(StudyFacts grouped, Map<String, Integer> counts) {
        List<SeriesFacts> series = new ArrayList<>();
        for (SeriesFacts s : grouped.series()) {
            series.add(new SeriesFacts(s.attributes(), counts.getOrDefault(s.seriesInstanceUid(), 0),
                    Set.copyOf(s.sopClasses())));
        }
        return new StudyFacts(grouped.attributes(), series);
    }
}
