package org.varde.gateway.worklist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.results.ResultObject;
import org.varde.gateway.results.ResultQueries;
import org.varde.gateway.spool.Spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects a job's vendor stored (the results stage's {@code result_objects}) as a completed
 * workitem's Output Information: their series UIDs read from the kept files' headers. Blocking.
 */
public final class ResultOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(ResultOutputs.class);

    private final ResultQueries results;
    private final Spool spool;

    public ResultOutputs(ResultQueries results, Spool spool) {
        this.results = results;
        this.spool = spool;
    }

    public List<OutputObject> of(String jobId) {
        List<OutputObject> outputs = new ArrayList<>();
        for (ResultObject o : results.objects(jobId)) {
            if (!"application/dicom".equals(o.mediaType())) {
                continue;
            }
            Path file = spool.resolve(o.spoolPath());
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                Part10File header = Part10.readHeader(in);
                Attributes a = new DicomReader(in, header.transferSyntax(), Files.size(file)).readDataSetUntil(Tag.StudyID);
                outputs.add(new OutputObject(a.getString(Tag.StudyInstanceUID), a.getString(Tag.SeriesInstanceUID),
                        o.sopClassUid(), o.sopInstanceUid()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("result object {} of job {} not listed as output: {}", o.sopInstanceUid(), jobId, e.toString());
            }
        }
        return outputs;
    }
}
