/**
 * The delivery stage: a result that may go out becomes one delivery per configured sink (PACS, FHIR,
 * HL7), each a durable row with its own runner, retries with backoff, dead letter and replay, so one
 * sink being down never holds back another. Shadow routes build and validate every message and keep
 * it for evaluation without sending anything. The priority policy decides what the worklist is asked
 * for.
 */
package org.varde.gateway.delivery;
