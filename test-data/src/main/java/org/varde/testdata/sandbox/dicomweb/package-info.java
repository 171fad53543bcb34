/**
 * The sandbox DICOMweb vendor: a CT pulmonary-embolism detector reached by STOW-RS over a real
 * socket, answering by STOW-RS to Varde's own endpoint (or misbehaving as told).
 */
package org.varde.testdata.sandbox.dicomweb;
