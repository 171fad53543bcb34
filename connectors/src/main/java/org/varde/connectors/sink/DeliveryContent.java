package org.varde.connectors.sink;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.pacs.StudyContext;

/**
 * Everything a sink needs for one delivery.
 *
 * @param key      names the result version; sinks derive their stable identifiers from it
 * @param context  the source study: its identity for every sink, and for DICOM its dates, instances
 *                 and requested procedure
 * @param priority the worklist priority the policy decided to ask for; empty: leave it as it is
 * @param at       when the result was received (the time the messages carry)
 * @param review   what a reviewer did with it: the SR's Verification Flag, the FHIR report's status
 */
public record DeliveryContent(ReportKey key, AlgorithmResult result, StudyContext context,
                              Optional<WorklistPriority> priority, Instant at, HumanReview review) {
    public DeliveryContent {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(at, "at");
    }

    /** A delivery of a result no one was asked to review. */
    public DeliveryContent(ReportKey key, AlgorithmResult result, StudyContext context,
                           Optional<WorklistPriority> priority, Instant at) {
        this(key, result, context, priority, at, HumanReview.none());
    }

    /** The study's identity, as every sink files the result under it. */
    public SourceStudy study() {
        return context.study();
    }
}
