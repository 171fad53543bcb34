package org.varde.connectors.sink.fhir;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;
import org.varde.connectors.sink.SinkProtocol;

import ca.uhn.fhir.context.FhirContext;

/**
 * {@code type: fhir}: {@code baseUrl}, {@code bearerToken} (optional), {@code patientIdentifierSystem},
 * {@code accessionSystem}, {@code connectTimeoutSeconds} (5), {@code requestTimeoutSeconds} (30),
 * {@code priorityBy} ({@code task}, the default, or {@code serviceRequest}: update the order found by
 * accession number instead of creating a Task).
 */
public final class FhirProtocol implements SinkProtocol {
    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public FhirSinkOptions readTarget(ConfigBlock block) throws ConfigBlockException {
        FhirSinkOptions options = new FhirSinkOptions(HttpUrl.read(block, "baseUrl"),
                Optional.ofNullable(block.optionalText("bearerToken")),
                block.requiredText("patientIdentifierSystem"), block.requiredText("accessionSystem"),
                Duration.ofSeconds(block.integer("connectTimeoutSeconds", 5, 1, 300)),
                Duration.ofSeconds(block.integer("requestTimeoutSeconds", 30, 1, 3600)),
                priorityBy(block));
        block.refuseUnknownKeys();
        return options;
    }

    private static PriorityTarget priorityBy(ConfigBlock block) throws ConfigBlockException {
        String word = block.optionalText("priorityBy");
        try {
            return word == null ? PriorityTarget.TASK : PriorityTarget.fromWord(word);
        } catch (IllegalArgumentException e) {
            throw block.problem("priorityBy", e.getMessage());
        }
    }

    /**
     * The shared validator loads the R4 definitions on its first use, and the code systems and value
     * sets a result bundle binds to on the first bundle (seconds each, measured: docs/performance.md):
     * done here on a made-up positive result with an urgent Task, not in the first delivery's time.
     */
    @Override
    public void warmUp() {
        FhirSinkOptions options = new FhirSinkOptions(URI.create("http://warm-up.invalid/fhir"), Optional.empty(),
                "urn:oid:2.999.1", "urn:oid:2.999.2", Duration.ofSeconds(5), Duration.ofSeconds(5));
        Bundle sample = new FhirReportBuilder(options).build(new ReportKey("warm-up", 1), WarmUpResult.positive(),
                WarmUpResult.study(), Optional.of(WorklistPriority.URGENT), Instant.EPOCH);
        List<String> errors = FhirResourceValidator.shared().errors(sample);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the warm-up bundle fails validation: " + errors);
        }
    }

    @Override
    public ResultSink open(Object target, org.varde.connectors.algorithm.AdapterEnvironment environment) {
        FhirSinkOptions options = (FhirSinkOptions) target;
        return new Sink(options, new FhirSink(options), new FhirReportBuilder(options));
    }

    /** One FHIR output: builds and validates a bundle once, sends it as validated. */
    private record Sink(FhirSinkOptions options, FhirSink sink, FhirReportBuilder builder) implements ResultSink {
        @Override
        public PreparedDelivery prepare(DeliveryContent c) throws SinkFailure {
            Optional<ServiceRequest> order = c.priority().isPresent()
                    && options.priorityBy() == PriorityTarget.SERVICE_REQUEST ? Optional.of(onlyOrder(c)) : Optional.empty();
            Bundle bundle = builder.build(c.key(), c.result(), c.study(), c.priority(), c.at(), c.review(), order);
            var errors = sink.validate(bundle);
            if (!errors.isEmpty()) {
                throw new SinkFailure(SinkFailure.Kind.INVALID, "bundle fails FHIR R4 validation: "
                        + SinkFailure.excerpt(String.join("; ", errors), 1000));
            }
            String json = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
            return new PreparedDelivery("application/fhir+json", json, new Validated(bundle,
                    c.result().algorithmId() + ":" + c.result().reportedVersion()));
        }

        @Override
        public String send(PreparedDelivery prepared) throws SinkFailure {
            // prepare validated this very bundle, and nothing changed it since: not validated twice
            Validated v = (Validated) prepared.message();
            Bundle response = sink.sendValidated(v.bundle(), v.deviceKey());
            return response.getEntry().stream().map(e -> e.getResponse().getStatus() + " " + e.getResponse().getLocation())
                    .reduce((a, b) -> a + ", " + b).orElse("transaction accepted");
        }

        /** The priority on the RIS's order (the highest, should several orders share the accession number). */
        @Override
        public Optional<WorklistPriority> heldPriority(DeliveryContent c) throws SinkFailure {
            if (c.study().accessionNumber().isEmpty()) {
                return Optional.empty();
            }
            return sink.serviceRequests(options.accessionSystem(), c.study().accessionNumber().get()).stream()
                    .filter(ServiceRequest::hasPriority)
                    .map(r -> WorklistPriority.fromFhirCode(r.getPriority().toCode()))
                    .max(Enum::compareTo);
        }

        /** The one order the accession number names, or a failure an administrator can act on. */
        private ServiceRequest onlyOrder(DeliveryContent c) throws SinkFailure {
            String accession = c.study().accessionNumber().orElseThrow(() -> new SinkFailure(SinkFailure.Kind.INVALID,
                    "priorityBy serviceRequest: the study has no Accession Number, so no ServiceRequest to update"));
            List<ServiceRequest> found = sink.serviceRequests(options.accessionSystem(), accession);
            if (found.size() != 1) {
                throw new SinkFailure(SinkFailure.Kind.REFUSED, "priorityBy serviceRequest: " + found.size()
                        + " ServiceRequests on " + options.baseUrl() + " have identifier " + options.accessionSystem()
                        + "|" + accession + " (accession number); exactly one is needed to update its priority"
                        + (found.isEmpty() ? "" : ": " + found.stream().map(r -> r.getIdElement().toUnqualifiedVersionless()
                        .getValue()).toList()));
            }
            return found.get(0);
        }
    }

    /** A bundle that passed validation, and the Device it creates conditionally. */
    private record Validated(Bundle bundle, String deviceKey) {
    }
}
