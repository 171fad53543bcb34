package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.testing.DicomFiles;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-identification on the results path, over real sockets: an algorithm with
 * {@code privacy.pseudonymize: true} played by the sandbox DICOM vendor detecting nodules. The bytes
 * the vendor received carry no original UID or identifying value; its SR names only pseudonyms; the
 * result Varde keeps (normalised and as an object) carries the original study, series and SOP
 * instance UIDs and the patient's identity, and still matches the ground truth.
 */
class PseudonymisedRoundTripTest {
    /** Standard UIDs (SOP classes, transfer syntaxes, coding schemes) identify no one. */
    private static final String STANDARD_ROOT = "1.2.840.10008.";
    private static final int[] IDENTIFYING = {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate,
            Tag.AccessionNumber, Tag.InstitutionName, Tag.ReferringPhysicianName, Tag.StudyID};

    @TempDir
    Path dir;

    @Test
    void theVendorSeesOnlyPseudonymsAndTheKeptResultCarriesTheOriginals() throws Exception {
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 1, 5151, 24, 256)
                .planting(new PlantOptions(Finding.NODULE, 12, 1.0)));
        GroundTruth truth = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        List<Path> originals = SandboxRoundTrip.dicomFiles(set);
        Set<String> originalUids = new TreeSet<>();
        Set<String> identifying = new TreeSet<>();
        for (Path file : originals) {
            collect(DicomFiles.header(file), originalUids, identifying);
        }
        assertTrue(originalUids.size() > originals.size(), "every instance's UIDs are looked for: " + originalUids.size());
        assertTrue(identifying.size() >= 4, "identity is looked for: " + identifying);

        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().pseudonymizing())) {
            Path received = Files.createDirectories(dir.resolve("vendor-received"));
            trip.vendor.retainReceivedIn(received);
            trip.send(set);
            Job job = trip.awaitResult(truth.studyInstanceUid());

            // what left: the vendor's disk
            List<Path> copies = SandboxRoundTrip.dicomFiles(received);
            assertEquals(originals.size(), copies.size(), "the vendor had every instance once");
            for (Path copy : copies) {
                String bytes = new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1);
                for (String value : originalUids) {
                    assertFalse(bytes.contains(value), "original UID " + value + " reached the vendor in " + copy);
                }
                for (String value : identifying) {
                    assertFalse(bytes.contains(value), "\"" + value + "\" reached the vendor in " + copy);
                }
            }
            // what came back: about the pseudonymised study only
            Attributes report = trip.vendor.reportsSent().get(0);
            String pseudoStudy = report.getString(Tag.StudyInstanceUID);
            assertNotEquals(truth.studyInstanceUid(), pseudoStudy);
            assertFalse(originalUids.contains(pseudoStudy));
            Attributes anOriginal = DicomFiles.header(originals.get(0));
            assertNotEquals(anOriginal.getString(Tag.PatientID), report.getString(Tag.PatientID));

            // what Varde keeps: the normalised result, in original UIDs, agreeing with the truth
            StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
            assertEquals(truth.studyInstanceUid(), result.studyInstanceUid());
            assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result), result.result().encode());
            // ...and the SR object, re-identified
            List<ResultObject> objects = trip.gateway.results().objects(job.id());
            assertEquals(1, objects.size());
            Attributes kept = DicomFiles.header(trip.gateway.spool().resolve(objects.get(0).spoolPath()));
            assertEquals(report.getString(Tag.SOPInstanceUID), kept.getString(Tag.SOPInstanceUID),
                    "the vendor's own SR UID is its own");
            assertEquals(truth.studyInstanceUid(), kept.getString(Tag.StudyInstanceUID));
            assertEquals(anOriginal.getString(Tag.PatientID), kept.getString(Tag.PatientID));
            assertEquals(anOriginal.getString(Tag.PatientName), kept.getString(Tag.PatientName));
            assertEquals(anOriginal.getString(Tag.AccessionNumber), kept.getString(Tag.AccessionNumber));
            Attributes evidence = kept.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
            assertEquals(truth.studyInstanceUid(), evidence.getString(Tag.StudyInstanceUID));
            Set<String> evidenceUids = new HashSet<>();
            for (Attributes series : evidence.getSequence(Tag.ReferencedSeriesSequence)) {
                evidenceUids.add(series.getString(Tag.SeriesInstanceUID));
                series.getSequence(Tag.ReferencedSOPSequence)
                        .forEach(sop -> evidenceUids.add(sop.getString(Tag.ReferencedSOPInstanceUID)));
            }
            assertTrue(originalUids.containsAll(evidenceUids), "the evidence names the original series and instances");
            for (Path original : originals) {
                String sop = DicomFiles.header(original).getString(Tag.SOPInstanceUID);
                assertTrue(evidenceUids.contains(sop), "instance " + sop + " is in the evidence by its original UID");
            }
            // identity given back is identity disclosed again: the audit says so, by the original study
            var reidentified = trip.gateway.auditLog().forStudy(truth.studyInstanceUid()).stream()
                    .filter(e -> e.entry().action() == org.varde.gateway.audit.AuditAction.REIDENTIFICATION).toList();
            assertEquals(1, reidentified.size(), "one event for the one result object");
            assertEquals(job.algorithmId(), reidentified.get(0).entry().algorithmId());
            assertTrue(reidentified.get(0).entry().detail().contains(report.getString(Tag.SOPInstanceUID)),
                    reidentified.get(0).entry().detail());
            assertTrue(trip.gateway.auditLog().verify().intact(), "the chain holds");
        }
    }

    /** Every non-standard UID of the header (any depth) and the values that name the patient or visit. */
    static void collect(Attributes header, Set<String> uids, Set<String> identifying) {
        for (int tag : header) {
            List<Attributes> items = header.getSequence(tag);
            if (items != null) {
                items.forEach(item -> collect(item, uids, identifying));
            } else if (header.getVR(tag) == VR.UI) {
                String value = header.getString(tag);
                if (value != null && !value.startsWith(STANDARD_ROOT) && Tag.group(tag) != 0x0002) {
                    uids.add(value);
                }
            }
        }
        for (int tag : IDENTIFYING) {
            String value = header.getString(tag);
            if (value == null) {
                continue;
            }
            for (String part : (value + "^" + value.replace('^', ' ')).split("\\^")) {
                if (part.trim().length() >= 5) {
                    identifying.add(part.trim());
                }
            }
        }
    }
}
