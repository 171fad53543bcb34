/**
 * Real DICOM peers for tests, started on loopback ports: Debian's Orthanc (with its DICOMweb plugin)
 * as the PACS that Varde's results go to. (dicom/'s own tests keep their copy of the port helper, as
 * dicom/ cannot depend on this module, which depends on it.)
 */
package org.varde.testdata.peer;
