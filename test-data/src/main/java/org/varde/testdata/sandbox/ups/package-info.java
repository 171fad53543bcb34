/**
 * The sandbox chest X-ray triage vendor of the UPS-RS pull protocol (IHE AIW-I Task Performer): it
 * polls Varde's worklist, claims, retrieves by WADO-RS, detects, stores a TID 1500 SR by STOW-RS and
 * completes, over real sockets, or misbehaves as told.
 */
package org.varde.testdata.sandbox.ups;
