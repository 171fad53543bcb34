package org.varde.gateway.orchestration;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.VendorDevice;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.deident.ProfileAction;
import org.varde.dicom.deident.ProfileTable;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.privacy.PrivacyException;
import org.varde.gateway.privacy.Pseudonymiser;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pseudonymisation on the way out, proved on the bytes a real vendor received: dcmtk storescp as
 * the vendor of an algorithm whose catalogue entry says {@code privacy.pseudonymize}, generated CT
 * studies carrying identity in plain attributes, sequences and private elements, and the results
 * coming back re-identified.
 */
class PseudonymisedDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String KEPT_CREATOR = "NORDLYS KEEP 1.0";
    private static final int KEPT_ELEMENT = 0x00091010;
    private static final Set<Integer> PATIENT_CHARACTERISTICS = Set.of(Tag.PatientAge, Tag.PatientSex, 0x00101020, 0x00101030);

    @TempDir
    Path dir;
    Vertx vertx;
    Gateway gateway;
    Vendor vendor;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        vendor = new Vendor("PULMOSPOT", dir);
        vendor.start();
        writeConfig();
        GatewayConfig config = ConfigLoader.load(dir.resolve("varde.yaml"));
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = PipelineContract.await(Gateway.start(vertx, config));
    }

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            PipelineContract.await(gateway.stop());
        }
        PipelineContract.await(vertx.close());
        vendor.close();
    }

    @Test
    void theVendorReceivesNoOriginalIdentityOrUidTheSamePixelsAndFollowUpsKeepThePseudonyms() throws Exception {
        Path ct = identifiedCt(81);
        Path late = holdBackLastSlices(ct);
        String studyUid = PipelineContract.studyUid(ct);
        send(ct);
        Job first = awaitJobs(studyUid, 1).get(0);
        List<Attributes> originals = PipelineContract.headers(ct).stream()
                .filter(h -> first.selectedSeries().contains(h.getString(Tag.SeriesInstanceUID))).toList();
        List<Path> received = receivedFiles();
        assertEquals(originals.size(), received.size(), "one copy per selected instance");

        Set<String> identifying = identifyingValues(ct);
        assertTrue(identifying.size() > 30, "the scan looks for enough: " + identifying);
        for (Path file : received) {
            byte[] bytes = Files.readAllBytes(file);
            for (String value : identifying) {
                assertFalse(contains(bytes, value.getBytes(StandardCharsets.UTF_8)),
                        "\"" + value + "\" reached the vendor in " + file.getFileName());
            }
        }
        assertEquals(pixelDigests(PipelineContract.files(ct), first.selectedSeries()), pixelDigests(received, null),
                "the pixel data the vendor got is byte for byte the original's");

        List<Attributes> copies = new ArrayList<>();
        for (Path file : received) {
            copies.add(readAll(file));
        }
        String pseudoStudy = single(copies, Tag.StudyInstanceUID);
        assertNotEquals(studyUid, pseudoStudy);
        assertEquals(first.selectedSeries().size(), copies.stream().map(c -> c.getString(Tag.SeriesInstanceUID))
                .collect(Collectors.toSet()).size(), "each series keeps one replacement UID");
        single(copies, Tag.FrameOfReferenceUID);
        String pseudoPatient = single(copies, Tag.PatientID);
        String shiftedStudyDate = single(copies, Tag.StudyDate);
        Attributes copy = copies.get(0);
        assertEquals("YES", copy.getString(0x00120062));
        assertEquals(List.of("113100", "113107", "113108", "113111"), copy.getSequence(0x00120064).stream()
                .map(c -> c.getString(Tag.CodeValue)).toList());
        assertEquals("keep me", copy.getString(KEPT_ELEMENT), "the private element the catalogue names is kept");
        assertEquals(originals.get(0).getString(Tag.PatientAge), copy.getString(Tag.PatientAge));
        String reference = copy.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID);
        assertTrue(copies.stream().anyMatch(c -> c.getString(Tag.SOPInstanceUID).equals(reference)),
                "a reference inside a sequence points at the copy of the instance it named");

        assertNoNewDciodvfyErrors(PipelineContract.files(ct).get(0), received);
        assertTrue(Poll.untilIo(WAIT, () -> isEmpty(gateway.spool().root().resolve(Pseudonymiser.FOLDER))),
                "the copies are deleted once the dispatch ended");

        // a follow-up of the same study: same study, patient and date shift, and only the new instances
        Set<String> before = new HashSet<>(received.stream().map(Path::toString).toList());
        send(late);
        List<Job> jobs = awaitJobs(studyUid, 2);
        Job update = jobs.stream().filter(j -> !j.id().equals(first.id())).findFirst().orElseThrow();
        List<Attributes> lateCopies = new ArrayList<>();
        for (Path file : receivedFiles()) {
            if (!before.contains(file.toString())) {
                lateCopies.add(readAll(file));
            }
        }
        assertFalse(lateCopies.isEmpty());
        assertEquals(pseudoStudy, single(lateCopies, Tag.StudyInstanceUID));
        assertEquals(pseudoPatient, single(lateCopies, Tag.PatientID));
        assertEquals(shiftedStudyDate, single(lateCopies, Tag.StudyDate));
        assertTrue(copies.stream().map(c -> c.getString(Tag.SeriesInstanceUID)).collect(Collectors.toSet())
                .containsAll(lateCopies.stream().map(c -> c.getString(Tag.SeriesInstanceUID)).toList()),
                "late instances join the series the vendor already knows");
        String detail = gateway.jobStore().events(update.id()).stream().filter(e -> e.to() == JobState.WAITING_RESULT)
                .findFirst().orElseThrow().detail();
        assertTrue(detail.startsWith("vendor acknowledged " + lateCopies.size() + " instances"),
                "the acknowledged copies were recorded as their originals, nothing was sent twice: " + detail);
    }

    @Test
    void aResultAboutTheCopiesComesBackWithTheOriginalIdentityAndUids() throws Exception {
        Path ct = identifiedCt(82);
        String studyUid = PipelineContract.studyUid(ct);
        send(ct);
        awaitJobs(studyUid, 1);
        Attributes copy = readAll(receivedFiles().get(0));
        Attributes original = PipelineContract.headers(ct).stream()
                .filter(h -> h.getString(Tag.InstanceNumber).equals(copy.getString(Tag.InstanceNumber))
                        && h.getString(Tag.SeriesNumber).equals(copy.getString(Tag.SeriesNumber)))
                .findFirst().orElseThrow();

        Path sr = dir.resolve("vendor-sr.dcm");
        Attributes vendorSr = vendorSr(copy);
        Part10.writeFile(sr, vendorSr, TransferSyntax.EXPLICIT_LE);
        Path back = dir.resolve("reidentified-sr.dcm");
        gateway.reidentification().reidentify("lung-nodules", sr, back);
        Attributes result = readAll(back);
        assertEquals(studyUid, result.getString(Tag.StudyInstanceUID));
        assertEquals(original.getString(Tag.PatientName), result.getString(Tag.PatientName));
        assertEquals(original.getString(Tag.PatientID), result.getString(Tag.PatientID));
        assertEquals(original.getString(Tag.PatientBirthDate), result.getString(Tag.PatientBirthDate));
        assertEquals(original.getString(Tag.AccessionNumber), result.getString(Tag.AccessionNumber));
        assertEquals(original.getString(Tag.StudyDate), result.getString(Tag.StudyDate));
        Attributes evidence = result.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
        assertEquals(studyUid, evidence.getString(Tag.StudyInstanceUID));
        Attributes series = evidence.getSequence(Tag.ReferencedSeriesSequence).get(0);
        assertEquals(original.getString(Tag.SeriesInstanceUID), series.getString(Tag.SeriesInstanceUID));
        assertEquals(original.getString(Tag.SOPInstanceUID),
                series.getSequence(Tag.ReferencedSOPSequence).get(0).getString(Tag.ReferencedSOPInstanceUID));
        assertEquals(vendorSr.getString(Tag.SOPInstanceUID), result.getString(Tag.SOPInstanceUID),
                "the vendor's own new UID is its own");
        assertFalse(result.contains(0x00120062), "no longer de-identified");

        ImageReference onCopy = new ImageReference(copy.getString(Tag.SeriesInstanceUID), UID.CTImageStorage,
                copy.getString(Tag.SOPInstanceUID), List.of());
        AlgorithmResult normalised = new AlgorithmResult("lung-nodules", "PulmoSpot", "3.2.0",
                new VendorDevice("Nordlys", "PulmoSpot", "3.2.0"), copy.getString(Tag.StudyInstanceUID),
                ResultStatus.POSITIVE, List.of(new Finding(new Code("427359005", "SCT", "Solitary nodule of lung"),
                Presence.PRESENT, Optional.of(0.9), List.of(), Optional.empty(), List.of(onCopy))), Optional.empty());
        AlgorithmResult restored = gateway.reidentification().reidentify(normalised);
        assertEquals(studyUid, restored.studyInstanceUid());
        ImageReference ref = restored.findings().get(0).references().get(0);
        assertEquals(original.getString(Tag.SeriesInstanceUID), ref.seriesInstanceUid());
        assertEquals(original.getString(Tag.SOPInstanceUID), ref.sopInstanceUid());

        Attributes foreign = vendorSr(copy);
        foreign.setString(Tag.StudyInstanceUID, VR.UI, UID.generate());
        Path foreignSr = dir.resolve("foreign-sr.dcm");
        Part10.writeFile(foreignSr, foreign, TransferSyntax.EXPLICIT_LE);
        PrivacyException refused = assertThrows(PrivacyException.class,
                () -> gateway.reidentification().reidentify("lung-nodules", foreignSr, dir.resolve("never.dcm")));
        assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        assertThrows(PrivacyException.class, () -> gateway.reidentification().reidentify("other-algorithm", sr,
                dir.resolve("never2.dcm")), "another algorithm's pseudonyms do not resolve");
    }

    @Test
    void anInstanceWithIdentityBurnedIntoThePixelsIsNeverSentAndTheJobSaysWhy() throws Exception {
        Path ct = identifiedCt(83);
        for (Path file : PipelineContract.files(ct)) {
            Processes.Result r = Processes.run(List.of("dcmodify", "-nb", "-i", "(0028,0301)=YES", file.toString()), dir);
            assertEquals(0, r.exitCode(), r.output());
        }
        String studyUid = PipelineContract.studyUid(ct);
        send(ct);
        List<Job>[] jobs = new List[1];
        assertTrue(Poll.until(WAIT, () -> {
            jobs[0] = gateway.jobStore().forStudy(studyUid);
            return jobs[0].size() == 1 && jobs[0].get(0).state() == JobState.DEAD_LETTER;
        }), "the job is dead-lettered at once, not retried: " + jobs[0]);
        Job dead = jobs[0].get(0);
        assertTrue(dead.attempts() < dead.maxAttempts(), "no retry can cure it: " + dead);
        assertTrue(dead.lastError().contains("Burned In Annotation"), dead.lastError());
        assertEquals(0, vendor.fileCount(), "nothing of the study reached the vendor");
        assertTrue(isEmpty(gateway.spool().root().resolve(Pseudonymiser.FOLDER)), "no copy is left behind");
    }

    // ---------------------------------------------------------------- the study and what must not leave

    /**
     * A generated CT with identity also where it hides: a Referenced Image Sequence naming another
     * instance, a Request Attributes Sequence with the accession number, other patient IDs, a
     * performing physician, and private elements of two creators (one of them named in the catalogue).
     */
    private Path identifiedCt(long seed) throws Exception {
        Path out = dir.resolve("ct-" + seed);
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 6, 64));
        List<Path> files = PipelineContract.files(out);
        String referenced = PipelineContract.headers(out).get(0).getString(Tag.SOPInstanceUID);
        for (Path file : files) {
            Part10File part10;
            Attributes ds;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                part10 = Part10.readHeader(in);
                ds = new DicomReader(in, part10.transferSyntax()).readDataSet();
            }
            Attributes reference = new Attributes();
            reference.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            reference.setString(Tag.ReferencedSOPInstanceUID, VR.UI, referenced);
            ds.newSequence(Tag.ReferencedImageSequence).add(reference);
            Attributes request = new Attributes();
            request.setString(Tag.AccessionNumber, VR.SH, ds.getString(Tag.AccessionNumber));
            request.setString(0x00401001, VR.SH, "RP-" + seed + "-5531");
            ds.newSequence(Tag.RequestAttributesSequence).add(request);
            ds.setString(0x00101000, VR.LO, "OTHER-ID-" + seed + "-4711");
            ds.setString(Tag.PerformingPhysicianName, VR.PN, "Haugen^Ingrid");
            ds.setString(0x00090010, VR.LO, KEPT_CREATOR);
            ds.setString(KEPT_ELEMENT, VR.LO, "keep me");
            ds.setString(0x00091011, VR.LO, "Private note on Kari Nordmann");
            ds.setString(0x00110010, VR.LO, "OTHER VENDOR 2.1");
            ds.setString(0x00111001, VR.LO, "Scanned at Haukeland, bed 12");
            Part10.writeFile(file, ds, part10.transferSyntax());
        }
        return out;
    }

    /** The last slice of each series, moved aside to arrive after the study completed. */
    private Path holdBackLastSlices(Path ct) throws IOException {
        Path late = Files.createDirectories(dir.resolve("late"));
        for (Path file : PipelineContract.files(ct)) {
            if (file.getFileName().toString().equals("6.dcm")) {
                Files.move(file, late.resolve("ct-" + file.getParent().getFileName() + ".dcm"));
            }
        }
        return late;
    }

    /**
     * Every value the Basic Profile does not keep, at any depth: the table's attributes (but the
     * patient characteristics Varde retains and times, which a whole-day shift leaves as they are),
     * every date, every private value but the kept one, each component of a name on its own.
     */
    private static Set<String> identifyingValues(Path study) throws IOException {
        Set<String> values = new TreeSet<>();
        for (Path file : PipelineContract.files(study)) {
            collect(readAll(file), values);
        }
        values.removeIf(v -> v.length() < 5);
        return values;
    }

    private static void collect(Attributes ds, Set<String> values) {
        for (int tag : ds) {
            List<Attributes> items = ds.getSequence(tag);
            if (items != null) {
                items.forEach(item -> collect(item, values));
                continue;
            }
            String[] strings = ds.getVR(tag) == VR.OB || ds.getVR(tag) == VR.OW ? null : ds.getStrings(tag);
            if (strings == null || PATIENT_CHARACTERISTICS.contains(tag) || tag == KEPT_ELEMENT
                    || Tag.isPrivateCreator(tag)) {
                continue;
            }
            ProfileTable.Entry entry = ProfileTable.basic().entry(tag);
            boolean leaves = Tag.isPrivate(tag) || ds.getVR(tag) == VR.DA
                    || entry != null && entry.action().resolved() != ProfileAction.K && ds.getVR(tag) != VR.TM;
            if (leaves) {
                for (String value : strings) {
                    values.add(value);
                    if (ds.getVR(tag) == VR.PN) {
                        values.addAll(List.of(value.split("\\^")));
                    }
                }
            }
        }
    }

    /** dciodvfy (dicom3tools) finds no error in any copy that it did not find in the original. */
    private void assertNoNewDciodvfyErrors(Path original, List<Path> copies) throws Exception {
        Set<String> before = dciodvfyErrors(original);
        for (Path copy : copies) {
            Set<String> after = dciodvfyErrors(copy);
            after.removeAll(before);
            assertTrue(after.isEmpty(), "dciodvfy reports new errors on " + copy.getFileName() + ": " + after);
        }
    }

    private Set<String> dciodvfyErrors(Path file) throws Exception {
        Processes.Result r = Processes.run(List.of("dciodvfy", file.toString()), dir);
        return r.output().lines().filter(l -> l.startsWith("Error")).collect(Collectors.toCollection(HashSet::new));
    }

    /** A TID 1500-like SR as a vendor would make it: about the copy's study, referencing the copy. */
    private static Attributes vendorSr(Attributes copy) {
        Attributes sr = new Attributes();
        sr.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        sr.setString(Tag.SOPClassUID, VR.UI, UID.ComprehensiveSR);
        sr.setString(Tag.SOPInstanceUID, VR.UI, UID.generate());
        sr.setString(Tag.Modality, VR.CS, "SR");
        for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
                Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.StudyInstanceUID}) {
            String value = copy.getString(tag);
            sr.setString(tag, copy.getVR(tag), value == null ? "" : value);
        }
        sr.setString(Tag.SeriesInstanceUID, VR.UI, UID.generate());
        Attributes evidence = new Attributes();
        evidence.setString(Tag.StudyInstanceUID, VR.UI, copy.getString(Tag.StudyInstanceUID));
        Attributes series = new Attributes();
        series.setString(Tag.SeriesInstanceUID, VR.UI, copy.getString(Tag.SeriesInstanceUID));
        Attributes sop = new Attributes();
        sop.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, copy.getString(Tag.SOPInstanceUID));
        series.newSequence(Tag.ReferencedSOPSequence).add(sop);
        evidence.newSequence(Tag.ReferencedSeriesSequence).add(series);
        sr.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence).add(evidence);
        return sr;
    }

    // ---------------------------------------------------------------- plumbing

    private void send(Path folder) throws Exception {
        Processes.Result r = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, r.exitCode(), r.output());
    }

    private List<Job> awaitJobs(String studyUid, int count) {
        List<Job>[] last = new List[1];
        assertTrue(Poll.until(WAIT, () -> {
            last[0] = gateway.jobStore().forStudy(studyUid);
            return last[0].size() == count && last[0].stream().allMatch(j -> j.state() == JobState.WAITING_RESULT);
        }), "expected " + count + " dispatched jobs (WAITING_RESULT: the storescp vendor sends no result), had " + last[0]);
        return last[0];
    }

    private List<Path> receivedFiles() throws IOException {
        try (Stream<Path> files = Files.list(vendor.received)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Set<String> pixelDigests(List<Path> files, List<String> seriesOrAll) throws Exception {
        Set<String> digests = new HashSet<>();
        for (Path file : files) {
            Attributes ds = readAll(file);
            if (seriesOrAll == null || seriesOrAll.contains(ds.getString(Tag.SeriesInstanceUID))) {
                digests.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ds.getBytes(Tag.PixelData))));
            }
        }
        return digests;
    }

    private static Attributes readAll(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).readDataSet();
        }
    }

    private static String single(List<Attributes> copies, int tag) {
        Set<String> values = copies.stream().map(c -> String.valueOf(c.getString(tag))).collect(Collectors.toSet());
        assertEquals(1, values.size(), Tag.toString(tag) + " differs between instances of the study: " + values);
        return values.iterator().next();
    }

    private static boolean isEmpty(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Byte for byte: ISO 8859-1 maps each byte to one char and back. */
    static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Nordlys Diagnostics AS (sandbox)
                    product: PulmoSpot CT
                    approvedVersion: "3.2.0"
                    ceClass: IIa
                    notifiedBody: "NB 9901 Sandbox Certification Body"
                    certificateId: SANDBOX-MDR-9901-0417
                    regulatoryStatus: ce-marked
                    intendedUse:
                      modalities: [CT]
                      bodyParts: [CHEST]
                      minAgeYears: 18
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    concurrency: 2
                    timeoutSeconds: 60
                    privacy:
                      pseudonymize: true
                      dates: shift
                      keepPrivate:
                        - {creator: "%s", tag: "0009,xx10"}
                """.formatted(vendor.port, KEPT_CREATOR));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax-nodules
                    match: {attribute: Modality, equals: CT}
                    series:
                      all:
                        - {attribute: ImageType, equals: AXIAL}
                        - {attribute: ImageType, equals: ORIGINAL}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1, acceptUpdates: true}
                """);
        Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: test-node}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                completion: {defaultIdleSeconds: 60, mppsGraceSeconds: 5}
                jobs: {leaseSeconds: 4, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                dispatch: {callingAeTitle: VARDE}
                """);
    }
}
