/**
 * Synthetic radiology studies for tests, demos and benchmarks: CT thorax, MR head, chest and wrist
 * radiographs as DICOM Part 10 files with realistic headers and phantom pixels (MR: noise), with a
 * known finding planted on request and its {@link org.varde.testdata.GroundTruth} beside the study.
 * Nothing here comes from a real patient; every value follows from a seed, so a run can be repeated
 * exactly. {@link org.varde.testdata.StudyGenerator} is the entry point.
 */
package org.varde.testdata;
