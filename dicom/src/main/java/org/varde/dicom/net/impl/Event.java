package org.varde.dicom.net.impl;

import org.varde.dicom.net.pdu.Pdu;

/** PS3.8 9.2.2 Table 9-10: the events of the DICOM upper layer protocol machine. */
enum Event {
    EVT1("A-ASSOCIATE request (local user)"),
    EVT2("Transport connect confirmation (local transport service)"),
    EVT3("A-ASSOCIATE-AC PDU (received on transport connection)"),
    EVT4("A-ASSOCIATE-RJ PDU (received on transport connection)"),
    EVT5("Transport connection indication (local transport service)"),
    EVT6("A-ASSOCIATE-RQ PDU (received on transport connection)"),
    EVT7("A-ASSOCIATE response primitive (accept)"),
    EVT8("A-ASSOCIATE response primitive (reject)"),
    EVT9("P-DATA request primitive"),
    EVT10("P-DATA-TF PDU"),
    EVT11("A-RELEASE request primitive"),
    EVT12("A-RELEASE-RQ PDU (received on open transport connection)"),
    EVT13("A-RELEASE-RP PDU (received on transport connection)"),
    EVT14("A-RELEASE response primitive"),
    EVT15("A-ABORT request primitive"),
    EVT16("A-ABORT PDU (received on open transport connection)"),
    EVT17("Transport connection closed indication (local transport service)"),
    EVT18("ARTIM timer expired (Association reject/release timer)"),
    EVT19("Unrecognized or invalid PDU received");

    final String description;

    Event(String description) {
        this.description = description;
    }

    static Event received(Pdu pdu) {
        return received(pdu.type());
    }

    /** The event a PDU of {@code type} is, known from its header alone. */
    static Event received(int type) {
        return switch (type) {
            case Pdu.A_ASSOCIATE_RQ -> EVT6;
            case Pdu.A_ASSOCIATE_AC -> EVT3;
            case Pdu.A_ASSOCIATE_RJ -> EVT4;
            case Pdu.P_DATA_TF -> EVT10;
            case Pdu.A_RELEASE_RQ -> EVT12;
            case Pdu.A_RELEASE_RP -> EVT13;
            case Pdu.A_ABORT -> EVT16;
            default -> EVT19;
        };
    }

    @Override
    public String toString() {
        return name().charAt(0) + name().substring(1).toLowerCase() + " (" + description + ")";
    }
}
