package org.varde.dicom.net.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.net.pdu.AAbort;
import org.varde.dicom.net.pdu.AAbortException;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRJ;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.AReleaseRP;
import org.varde.dicom.net.pdu.AReleaseRQ;
import org.varde.dicom.net.pdu.PDataTF;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PduDecoder;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PduHeader;

/**
 * The DICOM upper layer protocol machine of PS3.8 9.2 for one transport connection, acceptor or
 * requestor. States and events carry the standard's names; each state handles only its own events
 * and anything else aborts (AA-1, AA-7, AA-8). The local user (the subclass) answers association and
 * release requests at once, so the states that wait for it (Sta3, Sta8, Sta9, Sta12) are passed
 * through within one event.
 */
abstract class UpperLayer {
    private static final Logger LOG = LoggerFactory.getLogger(UpperLayer.class);

    protected final Vertx vertx;
    protected final NetSocket socket;
    protected final String remoteHost;
    protected final int remotePort;
    private final PduDecoder decoder;
    private final long artimMillis;
    private final long idleMillis;
    private final boolean requestor;
    private PduFramer parser;
    private PduHeader pendingHeader;
    /** The P-DATA-TF being dispatched, until DT-2 takes it (or its release when nothing does). */
    private ReceivedPData receiving;
    protected State state;
    private long artimTimer = -1;
    private long idleTimer = -1;
    private long lastActivity = System.nanoTime();
    private boolean released;
    private Promise<Void> releaseConfirmation;
    /** The A-ABORT to send for the invalid PDU behind the current Evt19. */
    private AAbort abortReason;
    /** What was wrong (an invalid PDU, a DIMSE violation), for the abort indication; null when none. */
    private String abortDetail;

    UpperLayer(Vertx vertx, NetSocket socket, long ourMaxPduLength, long artimMillis, long idleMillis, boolean requestor) {
        this.vertx = vertx;
        this.socket = socket;
        this.remoteHost = socket.remoteAddress() == null ? "" : socket.remoteAddress().hostAddress();
        this.remotePort = socket.remoteAddress() == null ? 0 : socket.remoteAddress().port();
        this.decoder = new PduDecoder(ourMaxPduLength);
        this.artimMillis = artimMillis;
        this.idleMillis = idleMillis;
        this.requestor = requestor;
        this.state = requestor ? State.STA4 : State.STA1;
    }

    // ---- the local user (subclass) ----

    /** AE-6: the A-ASSOCIATE indication; the answer is an A-ASSOCIATE-AC (Evt7) or -RJ (Evt8). */
    protected abstract Pdu associateIndication(AAssociateRQ rq);

    /** AE-3 / AE-4: the A-ASSOCIATE confirmation (requestor). */
    protected abstract void associateConfirmation(Pdu acOrRj);

    /**
     * DT-2 / AR-6: P-DATA indication; reading pauses until the future completes (back-pressure). The
     * PDU's body goes back to the pool when it completes: what the user keeps, it copies or retains.
     */
    protected abstract Future<Void> dataIndication(ReceivedPData pData);

    /**
     * AA-1 / AA-3 / AA-4 / AA-8: the association is aborted (A-ABORT or A-P-ABORT indication). Given
     * once the machine is already in its next state (Sta13 or Sta1): what the user does on hearing
     * it (its futures' listeners run at once) must find the association gone, not start another
     * request on it. Issued in Sta6, such a request went out after our A-ABORT and its response was
     * never awaited by anyone (see StoreScuPeerFailureTest).
     */
    protected abstract void abortIndication(String why);

    /** The transport connection is closed and the machine is back in Sta1; called exactly once. */
    protected abstract void closed(boolean released);

    // ---- transport ----

    /** Starts reading; the acceptor enters Sta2 (AE-5), the requestor sends its request (AE-2). */
    final void start(AAssociateRQ requestOrNull) {
        parser = new PduFramer(socket, Pdu.HEADER_LENGTH);
        parser.handler(this::onRecord);
        // Netty's buffers as read, not Vert.x's heap copies of them (issue 9): the framer owns them
        ((NetSocketInternal) socket).messageHandler(parser);
        socket.exceptionHandler(this::onTransportFailure);
        socket.closeHandler(v -> {
            dispatch(Event.EVT17, null);
            parser.close();
        });
        if (requestor) {
            ae2(requestOrNull);
        } else {
            ae5();
        }
        scheduleIdleCheck();
    }

    /** A record from the framer, ours to release. */
    private void onRecord(ByteBuf record) {
        try {
            frame(record);
        } catch (RuntimeException e) {
            // a failure of our own (or of a listener) ends this association only, never the listener
            LOG.warn("association with {}:{} failed in {}: {}", remoteHost, remotePort, state, e.toString(), e);
            requestAbort(new AAbort(AAbort.SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
        }
    }

    private void frame(ByteBuf record) {
        lastActivity = System.nanoTime();
        PduHeader header = pendingHeader;
        if (header == null) {
            try {
                header = decoder.header(BufferInternal.buffer(record));
            } catch (AAbortException e) {
                invalidPdu(e);
                return;
            } finally {
                record.release();
            }
            if (!canTake(header.type())) {
                // PS3.8 9.2.3: the event this PDU is leads to an abort in this state whatever its
                // body holds, so abort from the 6-byte header and never buffer a body (up to the
                // PDU length limit) that nobody will read
                LOG.debug("PDU type {} ({} bytes) from {}:{} cannot be taken in {}", header.type(), header.length(),
                        remoteHost, remotePort, state);
                abortDetail = "PDU type " + header.type() + " unexpected in " + state.name();
                dispatch(Event.received(header.type()), null);
                return;
            }
            if (header.length() > 0) {
                pendingHeader = header;
                parser.fixedSizeMode(header.length());
            } else {
                onPdu(header, Buffer.buffer());
            }
            return;
        }
        pendingHeader = null;
        parser.fixedSizeMode(Pdu.HEADER_LENGTH);
        if (header.type() == Pdu.P_DATA_TF) {
            onPData(header, record);
        } else {
            onPdu(header, heapCopy(record));
        }
    }

    /** Small PDUs, parsed at once: a heap copy, and the pool has its memory back before the parse. */
    private static Buffer heapCopy(ByteBuf record) {
        try {
            return Buffer.buffer(ByteBufUtil.getBytes(record));
        } finally {
            record.release();
        }
    }

    /**
     * A P-DATA-TF stays in the pool's memory while its values are handed on, so that a sink that can
     * own its data fragments takes them without a copy (issue 9); DT-2 releases it once they are.
     */
    private void onPData(PduHeader header, ByteBuf body) {
        PDataTF pData;
        try {
            pData = (PDataTF) decoder.decode(header.type(), BufferInternal.buffer(body));
            receiving = new ReceivedPData(pData, body);
        } catch (RuntimeException e) {
            body.release();
            if (e instanceof AAbortException invalid) {
                invalidPdu(invalid);
                return;
            }
            throw e;
        }
        try {
            dispatch(Event.received(pData), pData);
        } finally {
            if (receiving != null) {
                // not taken by DT-2: this state aborts on a P-DATA-TF (or ignores it)
                receiving.release();
                receiving = null;
            }
        }
    }

    /**
     * Whether the current state has a transition other than an abort for a PDU of {@code type}
     * (PS3.8 9.2.3 Table 9-10). Sta13 takes everything: its actions ignore or close, never read.
     */
    private boolean canTake(int type) {
        return switch (state) {
            case STA2 -> type == Pdu.A_ASSOCIATE_RQ || type == Pdu.A_ABORT;
            case STA5 -> type == Pdu.A_ASSOCIATE_AC || type == Pdu.A_ASSOCIATE_RJ || type == Pdu.A_ABORT;
            case STA6 -> type == Pdu.P_DATA_TF || type == Pdu.A_RELEASE_RQ || type == Pdu.A_ABORT;
            case STA7 -> type == Pdu.P_DATA_TF || type == Pdu.A_RELEASE_RQ || type == Pdu.A_RELEASE_RP
                    || type == Pdu.A_ABORT;
            case STA10, STA11 -> type == Pdu.A_RELEASE_RP || type == Pdu.A_ABORT;
            default -> true;
        };
    }

    private void onPdu(PduHeader header, Buffer body) {
        Pdu pdu;
        try {
            pdu = decoder.decode(header.type(), body);
        } catch (AAbortException e) {
            invalidPdu(e);
            return;
        }
        dispatch(Event.received(pdu), pdu);
    }

    private void invalidPdu(AAbortException e) {
        LOG.debug("invalid PDU from {}:{} in {}: {}", remoteHost, remotePort, state, e.getMessage());
        abortReason = e.toPdu();
        abortDetail = e.getMessage();
        dispatch(Event.EVT19, null);
    }

    private void onTransportFailure(Throwable t) {
        LOG.debug("transport failure with {}:{}: {}", remoteHost, remotePort, t.toString());
        socket.close();
    }

    // ---- the state table, PS3.8 9.2.3 Table 9-10 ----

    final void dispatch(Event event, Pdu pdu) {
        LOG.trace("{} in {}", event, state);
        switch (state) {
            case STA2 -> sta2(event, pdu);
            case STA5 -> sta5(event, pdu);
            case STA6 -> sta6(event, pdu);
            case STA7 -> sta7(event, pdu);
            case STA10, STA11 -> staReleaseCollision(event, pdu);
            case STA13 -> sta13(event);
            default -> LOG.trace("{} ignored in {}", event, state);
        }
    }

    private void sta2(Event event, Pdu pdu) {
        switch (event) {
            case EVT6 -> ae6((AAssociateRQ) pdu);
            case EVT16, EVT18 -> aa2();
            case EVT17 -> aa5();
            case EVT15 -> aa1(AAbort.byUser());
            case EVT19 -> aa1(abortReason);
            default -> aa1(unexpected());
        }
    }

    private void sta5(Event event, Pdu pdu) {
        switch (event) {
            case EVT3 -> ae3((AAssociateAC) pdu);
            case EVT4 -> ae4((AAssociateRJ) pdu);
            case EVT16 -> aa3("A-ABORT received while awaiting A-ASSOCIATE-AC");
            case EVT17 -> aa4("connection closed while awaiting A-ASSOCIATE-AC");
            case EVT18 -> aa2();
            case EVT15 -> aa1(AAbort.byUser());
            case EVT19 -> aa8(abortReason);
            default -> aa8(unexpected());
        }
    }

    private void sta6(Event event, Pdu pdu) {
        switch (event) {
            case EVT10 -> dt2();
            case EVT12 -> ar2();
            case EVT16 -> aa3("A-ABORT " + sourceAndReason((AAbort) pdu) + " received");
            case EVT17 -> aa4("connection closed during the association");
            case EVT15 -> aa1(AAbort.byUser());
            case EVT19 -> aa8(abortReason);
            default -> aa8(unexpected());
        }
    }

    private void sta7(Event event, Pdu pdu) {
        switch (event) {
            case EVT10 -> dt2();
            case EVT12 -> ar8();
            case EVT13 -> ar3();
            case EVT16 -> aa3("A-ABORT " + sourceAndReason((AAbort) pdu) + " received while releasing");
            case EVT17 -> aa4("connection closed while releasing");
            case EVT15 -> aa1(AAbort.byUser());
            case EVT18 -> aa2();
            case EVT19 -> aa8(abortReason);
            default -> aa8(unexpected());
        }
    }

    /** Sta10 (acceptor) and Sta11 (requestor) both await the peer's A-RELEASE-RP after a collision. */
    private void staReleaseCollision(Event event, Pdu pdu) {
        switch (event) {
            case EVT13 -> {
                if (state == State.STA11) {
                    ar3();
                } else {
                    ar10();
                }
            }
            case EVT16 -> aa3("A-ABORT received during release collision");
            case EVT17 -> aa4("connection closed during release collision");
            case EVT18 -> aa2();
            case EVT19 -> aa8(abortReason);
            default -> aa8(unexpected());
        }
    }

    private void sta13(Event event) {
        switch (event) {
            case EVT17 -> ar5();
            case EVT16, EVT18 -> aa2();
            default -> aa6();
        }
    }

    private AAbort unexpected() {
        return new AAbort(AAbort.SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU);
    }

    private static String sourceAndReason(AAbort a) {
        return "(source " + a.source() + ", reason " + a.reason() + ")";
    }

    // ---- the actions, PS3.8 9.2.3 Table 9-6 to 9-9 ----

    /** AE-2: send A-ASSOCIATE-RQ. The ARTIM timer also bounds the wait for the answer (not in PS3.8). */
    private void ae2(AAssociateRQ rq) {
        send(rq);
        state = State.STA5;
        startArtim();
    }

    private void ae3(AAssociateAC ac) {
        stopArtim();
        state = State.STA6;
        associateConfirmation(ac);
    }

    private void ae4(AAssociateRJ rj) {
        stopArtim();
        associateConfirmation(rj);
        toSta1();
    }

    /** AE-5: connection accepted; start ARTIM to bound the wait for the A-ASSOCIATE-RQ. */
    private void ae5() {
        state = State.STA2;
        startArtim();
    }

    /** AE-6, then at once AE-7 (accept, Sta6) or AE-8 (reject, start ARTIM, Sta13). */
    private void ae6(AAssociateRQ rq) {
        stopArtim();
        state = State.STA3;
        Pdu answer = associateIndication(rq);
        send(answer);
        if (answer instanceof AAssociateAC) {
            state = State.STA6;
        } else {
            state = State.STA13;
            startArtim();
        }
    }

    private void dt2() {
        ReceivedPData pData = receiving;
        receiving = null;
        Future<Void> done;
        try {
            done = dataIndication(pData);
        } catch (RuntimeException e) {
            pData.release();
            throw e;
        }
        if (done.isComplete()) {
            pData.release();
            return;
        }
        parser.pause();
        done.onComplete(r -> {
            pData.release();
            if (state != State.STA1) {
                parser.resume();
            }
        });
    }

    /** AR-1: send A-RELEASE-RQ. */
    final Future<Void> requestRelease() {
        if (state != State.STA6) {
            return Future.failedFuture("cannot release in " + state);
        }
        releaseConfirmation = Promise.promise();
        send(AReleaseRQ.INSTANCE);
        state = State.STA7;
        startArtim();
        return releaseConfirmation.future();
    }

    /** AR-2 (release indication) and at once AR-4: send A-RELEASE-RP, start ARTIM, Sta13. */
    private void ar2() {
        state = State.STA8;
        released = true;
        ar4();
    }

    /** AR-3: release confirmation; close the transport connection. */
    private void ar3() {
        stopArtim();
        released = true;
        if (releaseConfirmation != null) {
            releaseConfirmation.tryComplete();
        }
        toSta1();
    }

    private void ar4() {
        send(AReleaseRP.INSTANCE);
        state = State.STA13;
        startArtim();
    }

    private void ar5() {
        stopArtim();
        toSta1();
    }

    /** AR-8: release collision; the requestor answers (AR-9, Sta11), the acceptor waits (Sta10). */
    private void ar8() {
        if (requestor) {
            state = State.STA9;
            send(AReleaseRP.INSTANCE);
            state = State.STA11;
        } else {
            state = State.STA10;
        }
    }

    /** AR-10: the acceptor's collision confirmation, then at once AR-4 from Sta12. */
    private void ar10() {
        state = State.STA12;
        released = true;
        ar4();
    }

    /** AA-1: send A-ABORT, (re)start ARTIM, Sta13; the indication once in Sta13. */
    private void aa1(AAbort abort) {
        send(abort);
        String why = withDetail("") + "A-ABORT sent " + sourceAndReason(abort);
        enterSta13();
        abortIndication(why);
    }

    /** AA-2: stop ARTIM, close the transport connection. */
    private void aa2() {
        stopArtim();
        toSta1();
    }

    /** AA-3: A-ABORT (or A-P-ABORT) indication, close; the indication once in Sta1. */
    private void aa3(String why) {
        toSta1(why);
    }

    /** AA-4: A-P-ABORT indication; the indication once in Sta1. */
    private void aa4(String why) {
        toSta1(why);
    }

    private void aa5() {
        stopArtim();
        toSta1();
    }

    /** AA-6: ignore the PDU. */
    private void aa6() {
        LOG.trace("PDU ignored in {}", state);
    }

    /**
     * AA-8: send A-ABORT (service-provider source), A-P-ABORT indication, start ARTIM, Sta13; the
     * indication once in Sta13.
     */
    private void aa8(AAbort abort) {
        send(abort);
        String why = withDetail("protocol error") + "A-ABORT sent " + sourceAndReason(abort);
        enterSta13();
        abortIndication(why);
    }

    /**
     * The finding behind an abort ("unrecognized PDU type 238", "length ... exceeds ...") in front
     * of the indication: it is what tells an operator a broken peer from a network fault, which the
     * reason code alone does not. Used once, then cleared.
     */
    private String withDetail(String prefix) {
        String detail = abortDetail;
        abortDetail = null;
        if (detail == null) {
            return prefix.isEmpty() ? "" : prefix + ", ";
        }
        return prefix.isEmpty() ? detail + ", " : prefix + " (" + detail + "), ";
    }

    /** A-ABORT request primitive (Evt15) from the local user, with what was wrong, for the indication. */
    final void requestAbort(AAbort abort, String why) {
        if (state != State.STA1 && state != State.STA13) {
            abortDetail = why;
        }
        requestAbort(abort);
    }

    /** A-ABORT request primitive (Evt15) from the local user. */
    final void requestAbort(AAbort abort) {
        if (state == State.STA1 || state == State.STA13) {
            return;
        }
        aa1(abort);
    }

    /**
     * Sta13 after an abort: the framing can no longer be trusted, so whatever else arrives is
     * drained unread (AA-6) until the peer closes or ARTIM expires.
     */
    private void enterSta13() {
        state = State.STA13;
        parser.close();
        socket.resume();
        startArtim();
    }

    private void toSta1() {
        toSta1(null);
    }

    /** @param abortedWhy the abort indication to give once in Sta1 and closed, or null for none */
    private void toSta1(String abortedWhy) {
        boolean wasOpen = state != State.STA1;
        state = State.STA1;
        stopArtim();
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
        socket.close();
        if (parser != null) {
            parser.close();
        }
        if (abortedWhy != null) {
            abortIndication(abortedWhy);
        }
        if (wasOpen) {
            if (releaseConfirmation != null) {
                releaseConfirmation.tryFail("association ended before A-RELEASE-RP");
            }
            closed(released);
        }
    }

    // ---- sending ----

    final void send(Pdu pdu) {
        socket.write(PduEncoder.encode(pdu));
    }

    /** DT-1 / AR-7: a ready-made P-DATA-TF PDU; allowed in Sta6, Sta7 and Sta8. */
    final Future<Void> sendPData(Buffer pdu) {
        if (state != State.STA6 && state != State.STA7 && state != State.STA8) {
            return Future.failedFuture("association is not open for P-DATA (" + state + ")");
        }
        return socket.write(pdu);
    }

    public final boolean isOpen() {
        return state == State.STA6;
    }

    // ---- timers ----

    private void startArtim() {
        stopArtim();
        artimTimer = vertx.setTimer(artimMillis, id -> {
            artimTimer = -1;
            dispatch(Event.EVT18, null);
        });
    }

    private void stopArtim() {
        if (artimTimer >= 0) {
            vertx.cancelTimer(artimTimer);
            artimTimer = -1;
        }
    }

    /** One timer per association, re-armed lazily to the remaining idle time, not per PDU. */
    private void scheduleIdleCheck() {
        if (idleMillis <= 0 || state == State.STA1) {
            return;
        }
        long idleNanos = idleMillis * 1_000_000L;
        long remaining = idleNanos - (System.nanoTime() - lastActivity);
        idleTimer = vertx.setTimer(Math.max(1, remaining / 1_000_000L), id -> {
            idleTimer = -1;
            if (System.nanoTime() - lastActivity >= idleNanos && state == State.STA6) {
                LOG.info("association with {}:{} idle for {} ms, aborting", remoteHost, remotePort, idleMillis);
                requestAbort(AAbort.byUser());
            } else {
                scheduleIdleCheck();
            }
        });
    }

    /** Work on behalf of the peer (a slow sink) counts as activity, not idleness. */
    final void touch() {
        lastActivity = System.nanoTime();
    }
}
