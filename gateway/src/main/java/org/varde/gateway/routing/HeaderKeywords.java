package org.varde.gateway.routing;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.gateway.assembly.InstanceKeywords;
import org.varde.gateway.ingest.InstanceHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/**
 * The routing keywords of one DICOM Part 10 file, built exactly as the gateway builds them from its
 * journal: the header (everything before Pixel Data, with the ingest's read limits) goes through the
 * journal's record ({@link InstanceHeaders}) and {@link InstanceKeywords}, so a dry run sees the
 * attributes a live decision sees, no more. Used by {@code varde routes explain} and the web UI's
 * route tester; nothing is kept.
 */
public final class HeaderKeywords {
    private HeaderKeywords() {
    }

    /** @throws IOException when {@code in} is not a Part 10 file, or its header ends before it is whole */
    public static Map<String, String> of(InputStream in, String callingAe) throws IOException {
        Part10File part10 = Part10.readHeader(in);
        Attributes header = InstanceHeaders.read(in, part10.transferSyntax(), -1);
        // no spool file, no size: the record only carries the header's facts
        return InstanceKeywords.of(InstanceHeaders.record(header, null, callingAe, 0, Instant.EPOCH, ""));
    }
}
