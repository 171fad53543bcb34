/**
 * Sandbox detectors: stand-ins for vendor algorithms that find a planted finding in the pixels of a
 * study by simple image processing (thresholds, connected components, size filters), never by reading
 * the ground truth. {@link org.varde.testdata.detect.FindingDetector#of} is the entry point.
 */
package org.varde.testdata.detect;
