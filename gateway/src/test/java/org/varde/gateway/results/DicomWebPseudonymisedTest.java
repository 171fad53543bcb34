package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.testing.DicomFiles;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ReceivedInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pseudonymisation over DICOMweb, as {@link PseudonymisedRoundTripTest} proves it over DICOM: an
 * algorithm with {@code privacy.pseudonymize: true} played by the sandbox PE vendor. The bytes the
 * vendor received by STOW-RS carry no original UID or identifying value; its SR names only pseudonyms;
 * the result Varde keeps carries the original study, instance UIDs and patient identity and still
 * matches the ground truth. Both return paths: the vendor pushing its SR to Varde's STOW-RS endpoint,
 * and Varde polling the vendor (QIDO-RS with the pseudonymised study UID, WADO-RS).
 */
class DicomWebPseudonymisedTest {
    private static final String PSEUDONYMIZE = "privacy: {pseudonymize: true}";

    @TempDir
    Path dir;

    @Test
    void pushedTheVendorSeesOnlyPseudonymsAndTheKeptResultCarriesTheOriginals() throws Exception {
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.withSandbox(dir, 60, 120, PSEUDONYMIZE)) {
            roundTrip(trip, 6161);
        }
    }

    @Test
    void polledTheVendorSeesOnlyPseudonymsAndTheKeptResultCarriesTheOriginals() throws Exception {
        try (DicomWebRoundTrip trip = DicomWebRoundTrip.polling(dir, 60, 120, PSEUDONYMIZE)) {
            roundTrip(trip, 6262);
        }
    }

    /** Every value of the header (any depth) but UIDs, as text. */
    private static List<String> textValues(Attributes header, List<String> into) {
        for (int tag : header) {
            List<Attributes> items = header.getSequence(tag);
            if (items != null) {
                items.forEach(item -> textValues(item, into));
            } else if (header.getVR(tag) != org.varde.dicom.data.VR.UI && header.getString(tag) != null) {
                into.add(header.getString(tag));
            }
        }
        return into;
    }

    private void roundTrip(DicomWebRoundTrip trip, long seed) throws Exception {
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 24, 256)
                .planting(new PlantOptions(Finding.PE, 0, 1.0)));
        GroundTruth truth = GroundTruth.read(GroundTruth.fileOf(set.resolve("1")));
        assertTrue(truth.present(), "an embolus to find");
        List<Path> originals = SandboxRoundTrip.dicomFiles(set);
        Set<String> originalUids = new TreeSet<>();
        Set<String> identifying = new TreeSet<>();
        for (Path file : originals) {
            PseudonymisedRoundTripTest.collect(DicomFiles.header(file), originalUids, identifying);
        }
        assertTrue(identifying.size() >= 4, "identity is looked for: " + identifying);
        Path received = Files.createDirectories(dir.resolve("vendor-received"));
        trip.vendor.keepingReceivedIn(received);

        trip.send(set);
        Job job = trip.awaitResult(truth.studyInstanceUid());

        // what left: the bytes the vendor received by STOW-RS
        List<Path> copies = SandboxRoundTrip.dicomFiles(received);
        assertEquals(originals.size(), copies.size(), "the vendor had every instance once");
        for (Path copy : copies) {
            String bytes = new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1);
            for (String value : originalUids) {
                assertFalse(bytes.contains(value), "original UID " + value + " reached the vendor in " + copy);
            }
            // identity is looked for in every text value of the header, UIDs aside: a short number such as a
            // patient ID can turn up by chance inside the random digits of a new 2.25 UID
            String texts = String.join("\n", textValues(DicomFiles.header(copy), new java.util.ArrayList<>()));
            for (String value : identifying) {
                assertFalse(texts.contains(value), "\"" + value + "\" reached the vendor in " + copy);
            }
        }
        ReceivedInstance seen = trip.vendor.received().get(0);
        Attributes anOriginal = DicomFiles.header(originals.get(0));
        assertNotEquals(truth.studyInstanceUid(), seen.studyInstanceUid());
        assertNotEquals(anOriginal.getString(Tag.PatientID), seen.patientId());

        // what Varde keeps: the normalised result in original UIDs, agreeing with the truth
        StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
        assertEquals(truth.studyInstanceUid(), result.studyInstanceUid());
        assertEquals(List.of(), GroundTruthAgreement.disagreements(truth, result, "59282003"), result.result().encode());
        for (var finding : result.result().getJsonArray("findings")) {
            for (var reference : ((io.vertx.core.json.JsonObject) finding).getJsonArray("references", new io.vertx.core.json.JsonArray())) {
                String sop = ((io.vertx.core.json.JsonObject) reference).getString("sopInstanceUid");
                assertTrue(originalUids.contains(sop), "a finding refers to the original image " + sop);
            }
        }
        // ...and the SR object, re-identified
        List<ResultObject> objects = trip.gateway.results().objects(job.id());
        assertEquals(1, objects.size());
        Attributes kept = DicomFiles.header(trip.gateway.spool().resolve(objects.get(0).spoolPath()));
        assertEquals(truth.studyInstanceUid(), kept.getString(Tag.StudyInstanceUID));
        assertEquals(anOriginal.getString(Tag.PatientID), kept.getString(Tag.PatientID));
        assertEquals(anOriginal.getString(Tag.PatientName), kept.getString(Tag.PatientName));
        assertEquals(anOriginal.getString(Tag.AccessionNumber), kept.getString(Tag.AccessionNumber));
        Attributes evidence = kept.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
        assertEquals(truth.studyInstanceUid(), evidence.getString(Tag.StudyInstanceUID));
    }
}
