package org.varde.gateway.cli;

import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;
import org.varde.gateway.store.StudySummary;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the journal holds, one line per series: the demo's proof that ingest worked. No patient identity. */
final class ReceivedTable {
    private ReceivedTable() {
    }

    static void print(Journal journal, PrintStream out) {
        String format = "%-66s %-4s %-30s %9s%n";
        out.printf(format, "STUDY", "MOD", "SERIES", "INSTANCES");
        for (StudySummary study : journal.studies(100)) {
            Map<String, Integer> perSeries = new LinkedHashMap<>();
            Map<String, String> modality = new LinkedHashMap<>();
            List<InstanceRecord> instances = journal.instancesOfStudy(study.studyInstanceUid());
            for (InstanceRecord i : instances) {
                String series = i.seriesDescription() == null ? i.seriesInstanceUid() : i.seriesDescription();
                perSeries.merge(series, 1, Integer::sum);
                modality.putIfAbsent(series, i.modality());
            }
            perSeries.forEach((series, count) ->
                    out.printf(format, study.studyInstanceUid(), modality.get(series), series, count));
        }
    }
}
