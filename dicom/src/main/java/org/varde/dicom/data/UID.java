package org.varde.dicom.data;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** UID constants of PS3.6 Annex A, UID validation and generation (PS3.5 9 and B.2). */
public final class UID {

    // transfer syntaxes
    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public static final String EncapsulatedUncompressedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.98";
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    public static final String JPEG2000MCLossless = "1.2.840.10008.1.2.4.92";
    public static final String JPEG2000MC = "1.2.840.10008.1.2.4.93";
    public static final String JPIPReferenced = "1.2.840.10008.1.2.4.94";
    public static final String JPIPReferencedDeflate = "1.2.840.10008.1.2.4.95";
    public static final String MPEG2MPML = "1.2.840.10008.1.2.4.100";
    public static final String MPEG2MPHL = "1.2.840.10008.1.2.4.101";
    public static final String MPEG4HP41 = "1.2.840.10008.1.2.4.102";
    public static final String MPEG4HP41BD = "1.2.840.10008.1.2.4.103";
    public static final String HEVCMP51 = "1.2.840.10008.1.2.4.107";
    public static final String HEVCM10P51 = "1.2.840.10008.1.2.4.108";
    public static final String JPEGXLLossless = "1.2.840.10008.1.2.4.110";
    public static final String JPEGXLJPEGRecompression = "1.2.840.10008.1.2.4.111";
    public static final String JPEGXL = "1.2.840.10008.1.2.4.112";
    public static final String HTJ2KLossless = "1.2.840.10008.1.2.4.201";
    public static final String HTJ2KLosslessRPCL = "1.2.840.10008.1.2.4.202";
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    // application context and services
    public static final String ApplicationContextName = "1.2.840.10008.3.1.1.1";
    public static final String Verification = "1.2.840.10008.1.1";
    public static final String ModalityPerformedProcedureStep = "1.2.840.10008.3.1.2.3.3";
    public static final String ModalityPerformedProcedureStepRetrieve = "1.2.840.10008.3.1.2.3.4";
    public static final String ModalityPerformedProcedureStepNotification = "1.2.840.10008.3.1.2.3.5";
    public static final String StorageCommitmentPushModel = "1.2.840.10008.1.20.1";
    public static final String StudyRootQueryRetrieveInformationModelFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String StudyRootQueryRetrieveInformationModelMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String ModalityWorklistInformationModelFind = "1.2.840.10008.5.1.4.31";

    // storage SOP classes used by name in Varde; StorageSopClasses holds all of them
    public static final String ComputedRadiographyImageStorage = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String DigitalXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.1.1.1";
    public static final String DigitalMammographyXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.2";
    public static final String CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public static final String EnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";
    public static final String MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    public static final String EnhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1";
    public static final String UltrasoundImageStorage = "1.2.840.10008.5.1.4.1.1.6.1";
    public static final String SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";
    public static final String GrayscaleSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.1";
    public static final String XRayAngiographicImageStorage = "1.2.840.10008.5.1.4.1.1.12.1";
    public static final String NuclearMedicineImageStorage = "1.2.840.10008.5.1.4.1.1.20";
    public static final String SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String BasicTextSR = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String EnhancedSR = "1.2.840.10008.5.1.4.1.1.88.22";
    public static final String ComprehensiveSR = "1.2.840.10008.5.1.4.1.1.88.33";
    public static final String Comprehensive3DSR = "1.2.840.10008.5.1.4.1.1.88.34";
    public static final String KeyObjectSelectionDocument = "1.2.840.10008.5.1.4.1.1.88.59";
    public static final String EncapsulatedPDFStorage = "1.2.840.10008.5.1.4.1.1.104.1";
    public static final String PositronEmissionTomographyImageStorage = "1.2.840.10008.5.1.4.1.1.128";
    public static final String RTStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";

    private static final int MAX_LENGTH = 64;

    private UID() {
    }

    /**
     * PS3.5 9.1: digits and dots only, at most 64 characters, no empty component. Safe to use in a
     * file name. A component with a leading zero breaks PS3.5 9.1 but cannot escape a path: accepted.
     */
    public static boolean isSafe(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > MAX_LENGTH) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && (c != '.' || previous == '.')) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    /**
     * PS3.5 9.1 in full: at most 64 characters, components of digits separated by dots, no empty
     * component, and no leading zero in a component of more than one digit ("1.02" is not a UID).
     * Every UID a peer sends (negotiation, command, header) passes this before it is used anywhere:
     * a longer one breaks the journal's columns and the File Meta Information we write.
     */
    public static boolean isValid(String uid) {
        if (!isSafe(uid)) {
            return false;
        }
        for (int i = 0; i < uid.length() - 1; i++) {
            boolean componentStart = i == 0 || uid.charAt(i - 1) == '.';
            if (componentStart && uid.charAt(i) == '0' && uid.charAt(i + 1) != '.') {
                return false;
            }
        }
        return true;
    }

    /** PS3.5 B.2: a UID derived from a random UUID, "2.25." followed by its 128 bits as a decimal. */
    public static String generate() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }
}
