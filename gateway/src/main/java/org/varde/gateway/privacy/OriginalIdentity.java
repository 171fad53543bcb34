package org.varde.gateway.privacy;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The header of one original instance of a study, read from the spool: where re-identification
 * takes the patient's and the study's attributes. The spool keeps a study until every job on it is
 * final, so a result that arrives for a running job finds it.
 */
public final class OriginalIdentity {
    /** Values longer than this are not identity (overlays, private blobs): skipped, not held. */
    private static final int BULK_LIMIT = 64 * 1024;

    private final Journal journal;
    private final Spool spool;

    public OriginalIdentity(Journal journal, Spool spool) {
        this.journal = journal;
        this.spool = spool;
    }

    /** @throws PrivacyException when no instance of the study is left in the spool */
    public Attributes of(String studyInstanceUid) {
        for (InstanceRecord instance : journal.instancesOfStudy(studyInstanceUid)) {
            if (!instance.fileMissing()) {
                try {
                    return read(spool.resolve(instance.spoolPath()));
                } catch (IOException e) {
                    // another instance of the study may still be readable
                }
            }
        }
        throw new PrivacyException("no original instance of the study is left in the spool to re-identify from");
    }

    static Attributes read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).bulkDataLimit(BULK_LIMIT)
                    .readDataSetUntil(Tag.PixelData);
        }
    }
}
