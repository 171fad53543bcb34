/**
 * The sandbox vendor that speaks DICOM: a storage SCP over a real socket standing in for a vendor's
 * algorithm, for tests, benchmarks and {@code ./varde demo}.
 */
package org.varde.testdata.sandbox.dicom;
