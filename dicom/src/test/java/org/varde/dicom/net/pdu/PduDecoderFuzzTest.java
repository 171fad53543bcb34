package org.varde.dicom.net.pdu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

/**
 * Coverage-guided fuzzing of the PDU decoder: whatever the bytes, the decoder either returns a PDU
 * or throws {@link AAbortException}; any other exception, a hang or an allocation beyond the input's
 * size is a finding. Runs the kept inputs in regression mode; {@code bench/fuzz.sh} fuzzes.
 */
class PduDecoderFuzzTest {
    private static final PduDecoder DECODER = new PduDecoder(16384);

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        try {
            Pdu pdu = DECODER.decode(Buffer.buffer(input));
            // what decodes must encode again: the value classes hold nothing the encoder cannot write
            PduEncoder.encode(pdu);
        } catch (AAbortException expected) {
            // the one exception the decoder may throw: a protocol error carrying source and reason
        }
    }
}
