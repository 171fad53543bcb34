package org.varde.testdata.sandbox.ris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox RIS over real sockets: transaction Bundles in, transaction-responses out; ORU^R01 in, ACK out. */
class SandboxRisTest {
    private static final String TASKS = "urn:example:varde-priority-task";
    private static final String ACCESSIONS = "urn:oid:2.16.578.1.34.1.1";
    private final FhirContext fhirContext = FhirContext.forR4Cached();
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aTransactionIsAnsweredEntryByEntryAndAConditionalUpdateFindsWhatItWroteBefore() throws Exception {
        SandboxFhirRis ris = new SandboxFhirRis(vertx);
        await(ris.listen(0));
        HttpResponse<String> first = post(ris, transaction("urgent"));
        assertEquals(200, first.statusCode(), first.body());
        Bundle answer = fhirContext.newJsonParser().parseResource(Bundle.class, first.body());
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, answer.getType());
        assertEquals("201 Created", answer.getEntryFirstRep().getResponse().getStatus());
        assertTrue(answer.getEntryFirstRep().getResponse().getLocation().matches("Task/\\d+/_history/1"),
                answer.getEntryFirstRep().getResponse().getLocation());

        // the same report again (a retry, a second result): the Task is updated, not added
        Bundle second = fhirContext.newJsonParser().parseResource(Bundle.class, post(ris, transaction("stat")).body());
        assertEquals("200 OK", second.getEntryFirstRep().getResponse().getStatus());
        assertTrue(second.getEntryFirstRep().getResponse().getLocation().endsWith("/_history/2"));
        assertEquals(List.of(new RisReceipt("ACC1", "urgent"), new RisReceipt("ACC1", "stat")), ris.tasks());
        // what the sink asks before it writes a priority: the order under an accession number (none held here)
        HttpResponse<String> orders = get(ris.baseUrl() + "/ServiceRequest?identifier=" + ACCESSIONS + "%7CACC1");
        assertEquals(200, orders.statusCode(), orders.body());
        Bundle searchset = fhirContext.newJsonParser().parseResource(Bundle.class, orders.body());
        assertEquals(Bundle.BundleType.SEARCHSET, searchset.getType());
        assertEquals(0, searchset.getTotal());
        Bundle tasks = fhirContext.newJsonParser().parseResource(Bundle.class,
                get(ris.baseUrl() + "/Task?identifier=" + TASKS + "%7Ck1").body());
        assertEquals("stat", ((Task) tasks.getEntryFirstRep().getResource()).getPriority().toCode());
        ris.close();
    }

    @Test
    void whatIsNoTransactionIsRefusedWithAnOutcomeAndNothingIsKept() throws Exception {
        SandboxFhirRis ris = new SandboxFhirRis(vertx);
        await(ris.listen(0));
        Bundle batch = fhirContext.newJsonParser().parseResource(Bundle.class, transaction("urgent"));
        batch.setType(Bundle.BundleType.BATCH);
        HttpResponse<String> refused = post(ris, fhirContext.newJsonParser().encodeResourceToString(batch));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("OperationOutcome") && refused.body().contains("transaction"), refused.body());
        assertEquals(400, post(ris, "{\"resourceType\": \"Bundle\", \"type\": ").statusCode());
        assertEquals(404, get(ris.baseUrl() + "/Task/1").statusCode());
        assertEquals(400, get(ris.baseUrl() + "/Task?name=x").statusCode());
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(ris.baseUrl() + "/Task/1")).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
        assertEquals(List.of(), ris.tasks());
        ris.close();
    }

    @Test
    void anOruIsAcknowledgedAaWithItsPriorityKeptAndAnythingElseAe() throws Exception {
        SandboxMllpRis ris = new SandboxMllpRis(vertx);
        int port = await(ris.listen(0));
        String oru = "MSH|^~\\&|VARDE|HOSP|RIS|HOSP|20260105120000||ORU^R01^ORU_R01|MSG1|P|2.5.1\r"
                + "PID|1||91234567890^^^^PI||Synthetic^Patient\r"
                + "OBR|1||ACC1|RAD^Report|||20260105120000|||||||||||ACC1\r"
                + "TQ1|1||||||||A^ASAP^HL70485\r"
                + "OBX|1|TX|RAD^Report||no finding||||||F\r";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String ack = exchange(socket, oru);
            assertTrue(ack.contains("MSA|AA|MSG1"), ack);
            // one connection, a second message: not an ORU
            String adt = exchange(socket, "MSH|^~\\&|HIS|HOSP|RIS|HOSP|20260105120000||ADT^A01^ADT_A01|MSG2|P|2.5.1\r"
                    + "EVN|A01|20260105120000\rPID|1||1^^^^PI||X^Y\rPV1|1|I\r");
            // the reason, with its caret escaped as HL7 v2 escapes it (\S\)
            assertTrue(adt.contains("MSA|AE|MSG2") && adt.contains("takes ORU\\S\\R01 only"), adt);
            String garbage = exchange(socket, "not a message");
            assertTrue(garbage.contains("MSA|AE"), garbage);
        }
        assertEquals(List.of(new RisReceipt("ACC1", "A")), ris.acknowledged());
        ris.close();
    }

    private String transaction(String priority) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setPriority(Task.TaskPriority.fromCode(priority));
        task.addIdentifier(new Identifier().setSystem(TASKS).setValue("k1"));
        task.setFocus(new Reference().setType("ServiceRequest").setIdentifier(new Identifier().setSystem(ACCESSIONS)
                .setValue("ACC1")));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:0b5e0f6e-6a4a-4c55-9d3f-2f1f8d2f0a01").setResource(task).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("Task?identifier=" + TASKS + "|k1");
        return fhirContext.newJsonParser().encodeResourceToString(bundle);
    }

    private HttpResponse<String> post(SandboxFhirRis ris, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ris.baseUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** MLLP: {@code <VT>message<FS><CR>} out, the same framing back. */
    private static String exchange(Socket socket, String message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(0x0b);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x1c) {
            assertTrue(b >= 0, "connection closed before the ACK ended");
            if (b != 0x0b) {
                ack.write(b);
            }
        }
        assertEquals(0x0d, in.read());
        return ack.toString(StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
