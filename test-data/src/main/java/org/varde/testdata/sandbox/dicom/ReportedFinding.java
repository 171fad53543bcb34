package org.varde.testdata.sandbox.dicom;

import java.math.BigDecimal;

/**
 * A finding the sandbox vendor reports: for now what it is told (a nodule of a given size), until an
 * image-processing detector decides it from the pixels.
 *
 * @param longAxisMm the finding's long axis in millimetres
 */
public record ReportedFinding(BigDecimal longAxisMm) {
}
