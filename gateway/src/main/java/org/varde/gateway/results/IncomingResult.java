package org.varde.gateway.results;

import org.varde.gateway.jobs.Job;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One object a vendor sends back, as every return path describes it: its UIDs, the transfer syntax
 * of its data set, who sent it and by which protocol. The DICOM round trip fills it from a C-STORE
 * request, Varde's STOW-RS endpoint from a part of a multipart body.
 *
 * @param source    for the journal and logs: the calling AE title, or {@code dicomweb:<caller>}
 * @param protocol  the catalogue's protocol word the result arrived by ({@code dicom}, {@code dicomweb})
 * @param sentBy    whether a job is one of the sender's (its algorithm's AE title called, its vendor's
 *                  token posted): tells several jobs of one study apart
 * @param onlyOwnJobs the sender proved who it is (a vendor token) and may answer only its own jobs;
 *                  false where the sender's name is a hint (a calling AE title)
 */
public record IncomingResult(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String source,
                             String protocol, Predicate<Job> sentBy, boolean onlyOwnJobs) {
    public IncomingResult {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sentBy, "sentBy");
    }
}
