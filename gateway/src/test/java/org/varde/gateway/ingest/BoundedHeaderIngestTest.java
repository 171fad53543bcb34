package org.varde.gateway.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.HostileFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest's header parse is bounded: private blobs are stored untouched, a deflate bomb is refused. */
class BoundedHeaderIngestTest {
    @TempDir
    Path tmp;
    private IngestFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new IngestFixture(tmp.resolve("storage"), HeaderCapture.DEFAULT_LIMIT);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void privateBlobBeforePixelDataIsStoredByteForByteAndJournaled() throws Exception {
        Path source = tmp.resolve("blob.dcm");
        HostileFiles.Uids uids = HostileFiles.privateBlob(source, 8L * 1024 * 1024);

        Status status = fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source), 64 * 1024);

        assertEquals(Status.SUCCESS, status);
        List<String> files = fixture.spoolFiles();
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).contains(uids.study()), files.toString());
        assertArrayEquals(DicomFiles.dataSet(source), DicomFiles.dataSet(fixture.spool.root().resolve(files.get(0))));
        assertEquals(1, fixture.journal.journaledFiles().size());
    }

    @Test
    void deflatedInstanceWithModestPrivateBlobsIsStored() throws Exception {
        Path source = tmp.resolve("deflated.dcm");
        HostileFiles.Uids uids = HostileFiles.deflateBomb(source, 2, 100 * 1024);

        assertEquals(Status.SUCCESS,
                fixture.store(IngestFixture.requestFor(source), IngestFixture.dataSet(source), 16 * 1024));

        assertEquals(1, fixture.spoolFiles().size());
        assertTrue(fixture.spoolFiles().get(0).contains(uids.series()), fixture.spoolFiles().toString());
    }

    @Test
    void deflateBombIsRefusedWithA700NamingTheLimitAndLeavesNothing() throws Exception {
        Path bomb = tmp.resolve("bomb.dcm");
        HostileFiles.deflateBomb(bomb, 8, 16L * 1024 * 1024);
        assertTrue(Files.size(bomb) < 1024 * 1024, "small on the wire: " + Files.size(bomb));

        DimseException refused = assertThrows(DimseException.class,
                () -> fixture.store(IngestFixture.requestFor(bomb), IngestFixture.dataSet(bomb), 16 * 1024));

        assertEquals(Status.OUT_OF_RESOURCES, refused.status());
        assertTrue(refused.getMessage().contains("dicom.limits.maxInflationRatio"), refused.getMessage());
        assertEquals(List.of(), fixture.spoolFiles());
        assertTrue(fixture.journal.journaledFiles().isEmpty());
    }
}
