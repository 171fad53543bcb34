package org.varde.dicom.net.impl;

/** PS3.8 9.2.1 Table 9-9: the states of the DICOM upper layer protocol machine. */
enum State {
    STA1("Idle"),
    STA2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
    STA3("Awaiting local A-ASSOCIATE response primitive"),
    STA4("Awaiting transport connection opening to complete"),
    STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    STA6("Association established and ready for data transfer"),
    STA7("Awaiting A-RELEASE-RP PDU"),
    STA8("Awaiting local A-RELEASE response primitive"),
    STA9("Release collision requestor side; awaiting A-RELEASE response"),
    STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    STA12("Release collision acceptor side; awaiting A-RELEASE response primitive"),
    STA13("Awaiting Transport Connection Close Indication (Association no longer exists)");

    final String description;

    State(String description) {
        this.description = description;
    }

    /** PS3.8 9.2.2: P-DATA-TF PDUs are delivered in these states (DT-2, AR-6). */
    boolean receivesData() {
        return this == STA6 || this == STA7;
    }

    @Override
    public String toString() {
        return name().charAt(0) + name().substring(1).toLowerCase() + " (" + description + ")";
    }
}
