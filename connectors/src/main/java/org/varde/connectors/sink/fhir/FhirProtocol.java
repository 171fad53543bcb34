package org.varde.connectors.sink.fhir;

import java.time.Duration;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
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
 * {@code accessionSystem}, {@code connectTimeoutSeconds} (5), {@code requestTimeoutSeconds} (30).
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
                Duration.ofSeconds(block.integer("requestTimeoutSeconds", 30, 1, 3600)));
        block.refuseUnknownKeys();
        return options;
    }

    /** The shared validator loads the R4 definitions on its first use: done here, not in a delivery's time. */
    @Override
    public void warmUp() {
        FhirResourceValidator.shared().errors(new org.hl7.fhir.r4.model.Patient());
    }

    @Override
    public ResultSink open(Object target, org.varde.connectors.algorithm.AdapterEnvironment environment) {
        FhirSinkOptions options = (FhirSinkOptions) target;
        FhirSink sink = new FhirSink(options);
        FhirReportBuilder builder = new FhirReportBuilder(options);
        return new ResultSink() {
            @Override
            public PreparedDelivery prepare(DeliveryContent c) throws SinkFailure {
                Bundle bundle = builder.build(c.key(), c.result(), c.study(), c.priority(), c.at(), c.review());
                var errors = sink.validate(bundle);
                if (!errors.isEmpty()) {
                    throw new SinkFailure(SinkFailure.Kind.INVALID, "bundle fails FHIR R4 validation: "
                            + SinkFailure.excerpt(String.join("; ", errors), 1000));
                }
                String json = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
                return new PreparedDelivery("application/fhir+json", json, bundle);
            }

            @Override
            public String send(PreparedDelivery prepared) throws SinkFailure {
                Bundle response = sink.send((Bundle) prepared.message());
                return response.getEntry().stream().map(e -> e.getResponse().getStatus() + " " + e.getResponse().getLocation())
                        .reduce((a, b) -> a + ", " + b).orElse("transaction accepted");
            }
        };
    }
}
