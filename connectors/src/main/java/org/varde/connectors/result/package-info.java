/**
 * The normalised result: what every adapter turns a vendor's answer into (a TID 1500 SR, a JSON
 * document, a UPS workitem's output) and what every result sink (PACS SR, FHIR, HL7 v2) reads. One
 * model, so adding a vendor protocol or a sink never touches the other side.
 */
package org.varde.connectors.result;
