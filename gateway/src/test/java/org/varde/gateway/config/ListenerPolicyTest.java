package org.varde.gateway.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener's policies from a config file, with dcmtk as the peer. Calling AE titles (echoscu):
 * deny by default, listed AET@host pairs accepted, and accepting anyone only when written down (with a
 * WARN). A CT scanner vendor's private non-image storage, as a PACS forwards it inside a whole study
 * (dcmsend: storescu refuses to send a SOP class it does not know): refused at negotiation unless
 * {@code dicom.privateSopClasses} lists it, then stored.
 */
class ListenerPolicyTest {
    private static final String PRIVATE_SOP_CLASS = "1.3.12.2.1107.5.9.1";
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.5150";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.5150.1";
    private static final String SOP = "1.2.826.0.1.3680043.8.498.5150.1.1";

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ch.qos.logback.classic.Logger gatewayLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Gateway.class);

    @AfterEach
    void stop() throws Exception {
        gatewayLogger.detachAppender(log);
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void withNoCallerConfiguredEveryCallerIsRejected() throws Exception {
        start("dicom: {}\n");
        Processes.Result echo = echo("MODALITY");
        assertNotEquals(0, echo.exitCode(), echo.output());
        assertTrue(echo.output().contains("Calling AE Title Not Recognized"), echo.output());
        assertTrue(warned("every association is rejected"), "a WARN says so at start");
    }

    @Test
    void onlyAListedAetAtHostIsAccepted() throws Exception {
        start("dicom: {allowedCallers: [\"MODALITY@127.0.0.1\", \"ELSEWHERE@10.9.9.9\"]}\n");
        assertEquals(0, echo("MODALITY").exitCode(), "listed with this host");
        assertNotEquals(0, echo("ELSEWHERE").exitCode(), "listed, but for another host");
        assertNotEquals(0, echo("INTRUDER").exitCode(), "not listed");
    }

    @Test
    void allowAnyCallerAcceptsEveryoneAndIsWarnedAbout() throws Exception {
        start("dicom: {allowAnyCaller: true}\n");
        assertEquals(0, echo("ANYONE").exitCode());
        assertTrue(warned("dicom.allowAnyCaller is true"), "a WARN at start");
    }

    @Test
    void aListedPrivateSopClassIsStoredAsReceived() throws Exception {
        start("dicom: {allowedCallers: [\"STORESCU@127.0.0.1\"], privateSopClasses: [\"" + PRIVATE_SOP_CLASS + "\"]}\n");
        Path file = privateObject();
        Processes.Result sent = store(file);
        assertEquals(0, sent.exitCode(), sent.output());
        Path stored = tmp.resolve("var/spool").resolve(STUDY).resolve(SERIES).resolve(SOP + ".dcm");
        assertTrue(Files.exists(stored), "spooled where every instance goes: " + sent.output());
        assertArrayEquals(DicomFiles.dataSet(file), DicomFiles.dataSet(stored));
        assertEquals(PRIVATE_SOP_CLASS, DicomFiles.fileMetaInformation(stored).getString(Tag.MediaStorageSOPClassUID));
    }

    @Test
    void anUnlistedPrivateSopClassIsRefusedAtNegotiation() throws Exception {
        start("dicom: {allowedCallers: [\"STORESCU@127.0.0.1\"]}\n");
        Processes.Result sent = store(privateObject());
        // dcmsend exits 0 when it could send nothing; what it says and what was spooled are the proof
        assertTrue(sent.output().contains("No acceptable Presentation Contexts"), sent.output());
        assertFalse(Files.exists(tmp.resolve("var/spool").resolve(STUDY)), "nothing spooled");
    }

    private void start(String yaml) throws Exception {
        log.start();
        gatewayLogger.addAppender(log);
        GatewayConfig loaded = ConfigLoader.parse(yaml + "storage: {dir: ./var, minFreeBytes: 0}\n", tmp);
        GatewayConfig config = loaded.withDicom(loaded.dicom().withPort(0)).withHttp(loaded.http().withPort(0));
        gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Processes.Result echo(String callingAe) throws Exception {
        return Processes.run(List.of("echoscu", "-v", "-aet", callingAe, "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort())), tmp);
    }

    /** A Part 10 file of the private SOP class, with a private blob as such objects carry. */
    private Path privateObject() throws Exception {
        Attributes ds = new Attributes().setString(Tag.SOPClassUID, VR.UI, PRIVATE_SOP_CLASS)
                .setString(Tag.SOPInstanceUID, VR.UI, SOP).setString(Tag.Modality, VR.CS, "CT")
                .setString(Tag.PatientID, VR.LO, "PRIV1").setString(Tag.StudyInstanceUID, VR.UI, STUDY)
                .setString(Tag.SeriesInstanceUID, VR.UI, SERIES)
                .setString(0x00290010, VR.LO, "SIEMENS CSA NON-IMAGE")
                .setBytes(0x00291010, VR.OB, new byte[] {'S', 'V', '1', '0', 4, 3, 2, 1});
        Path file = tmp.resolve("csa.dcm");
        Part10.writeFile(file, ds, TransferSyntax.EXPLICIT_LE);
        return file;
    }

    private Processes.Result store(Path file) throws Exception {
        return Processes.run(List.of("dcmsend", "-v", "-aet", "STORESCU", "-aec", "VARDE", "127.0.0.1",
                Integer.toString(gateway.dicomPort()), file.toString()), tmp);
    }

    private boolean warned(String text) {
        return log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text));
    }
}
