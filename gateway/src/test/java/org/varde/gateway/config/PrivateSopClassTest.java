package org.varde.gateway.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;
import org.varde.gateway.Gateway;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CT scanner vendor's private non-image storage, as a PACS forwards it inside a whole study, sent by
 * dcmtk's dcmsend (storescu refuses to send a SOP class it does not know): refused at negotiation
 * unless {@code dicom.privateSopClasses} lists it, then stored.
 */
class PrivateSopClassTest {
    private static final String PRIVATE_SOP_CLASS = "1.3.12.2.1107.5.9.1";
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.5150";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.5150.1";
    private static final String SOP = "1.2.826.0.1.3680043.8.498.5150.1.1";

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;
    private Path file;

    @BeforeEach
    void writeFile() throws Exception {
        Attributes ds = new Attributes().setString(Tag.SOPClassUID, VR.UI, PRIVATE_SOP_CLASS)
                .setString(Tag.SOPInstanceUID, VR.UI, SOP).setString(Tag.Modality, VR.CS, "CT")
                .setString(Tag.PatientID, VR.LO, "PRIV1").setString(Tag.StudyInstanceUID, VR.UI, STUDY)
                .setString(Tag.SeriesInstanceUID, VR.UI, SERIES)
                .setString(0x00290010, VR.LO, "SIEMENS CSA NON-IMAGE")
                .setBytes(0x00291010, VR.OB, new byte[] {'S', 'V', '1', '0', 4, 3, 2, 1});
        file = tmp.resolve("csa.dcm");
        Part10.writeFile(file, ds, TransferSyntax.EXPLICIT_LE);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aListedPrivateSopClassIsStoredAsReceived() throws Exception {
        start("dicom: {allowedCallers: [\"STORESCU@127.0.0.1\"], privateSopClasses: [\"" + PRIVATE_SOP_CLASS + "\"]}\n");
        Processes.Result sent = store();
        assertEquals(0, sent.exitCode(), sent.output());
        Path stored = tmp.resolve("var/spool").resolve(STUDY).resolve(SERIES).resolve(SOP + ".dcm");
        assertTrue(Files.exists(stored), "spooled where every instance goes: " + sent.output());
        assertArrayEquals(DicomFiles.dataSet(file), DicomFiles.dataSet(stored));
        assertEquals(PRIVATE_SOP_CLASS, DicomFiles.fileMetaInformation(stored).getString(Tag.MediaStorageSOPClassUID));
    }

    @Test
    void anUnlistedPrivateSopClassIsRefusedAtNegotiation() throws Exception {
        start("dicom: {allowedCallers: [\"STORESCU@127.0.0.1\"]}\n");
        Processes.Result sent = store();
        // dcmsend exits 0 when it could send nothing; what it says and what was spooled are the proof
        assertTrue(sent.output().contains("No acceptable Presentation Contexts"), sent.output());
        assertFalse(Files.exists(tmp.resolve("var/spool").resolve(STUDY)), "nothing spooled");
    }

    private void start(String yaml) throws Exception {
        GatewayConfig loaded = ConfigLoader.parse(yaml + "storage: {dir: ./var, minFreeBytes: 0}\n", tmp);
        GatewayConfig config = loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0));
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Processes.Result store() throws Exception {
        return Processes.run(List.of("dcmsend", "-v", "-aet", "STORESCU", "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort()), file.toString()), tmp);
    }
}
