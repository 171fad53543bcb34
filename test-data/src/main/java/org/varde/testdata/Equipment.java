package org.varde.testdata;

/** General Equipment module values (PS3.3 C.7.5.1); all obviously synthetic. */
record Equipment(String manufacturer, String modelName, String stationName, String softwareVersion) {
}
