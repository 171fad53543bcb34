package org.varde.dicom.data;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The VR and keyword of the attributes in {@link Tag}, from PS3.6 Table 6-1. Needed to read Implicit
 * VR Little Endian, where the VR is not on the wire (PS3.5 7.1.3).
 */
public final class ElementDictionary {

    private static final Map<Integer, VR> VRS = new HashMap<>();
    private static final Map<Integer, String> KEYWORDS = new HashMap<>();

    static {
        define(VR.AE, Tag.MoveDestination, Tag.MoveOriginatorApplicationEntityTitle, Tag.SourceApplicationEntityTitle,
                Tag.SendingApplicationEntityTitle, Tag.ReceivingApplicationEntityTitle, Tag.RetrieveAETitle,
                Tag.PerformedStationAETitle);
        define(VR.AS, Tag.PatientAge);
        define(VR.AT, Tag.OffendingElement, Tag.AttributeIdentifierList, Tag.FrameIncrementPointer);
        define(VR.CS, Tag.SpecificCharacterSet, Tag.ImageType, Tag.QueryRetrieveLevel, Tag.InstanceAvailability,
                Tag.Modality, Tag.ConversionType, Tag.PresentationIntentType, Tag.MappingResource, Tag.TypeOfPatientID,
                Tag.PatientSex, Tag.QualityControlSubject, Tag.AnatomicalOrientationType, Tag.PatientIdentityRemoved,
                Tag.BodyPartExamined, Tag.ScanningSequence, Tag.SequenceVariant, Tag.ScanOptions,
                Tag.MRAcquisitionType, Tag.RotationDirection, Tag.Grid, Tag.InPlanePhaseEncodingDirection,
                Tag.PositionerType, Tag.PatientPosition, Tag.ViewPosition, Tag.DetectorType,
                Tag.ExposureModulationType, Tag.PatientOrientation, Tag.Laterality, Tag.ImageLaterality,
                Tag.PhotometricInterpretation, Tag.QualityControlImage, Tag.BurnedInAnnotation,
                Tag.RecognizableVisualFeatures, Tag.PixelIntensityRelationship, Tag.VOILUTFunction,
                Tag.LossyImageCompression, Tag.LossyImageCompressionMethod, Tag.PerformedProcedureStepStatus,
                Tag.RelationshipType, Tag.ValueType, Tag.ContinuityOfContent, Tag.ObserverType, Tag.CompletionFlag,
                Tag.VerificationFlag, Tag.PreliminaryFlag, Tag.TemplateIdentifier, Tag.GraphicType,
                Tag.PresentationLUTShape);
        define(VR.DA, Tag.DateOfSecondaryCapture, Tag.InstanceCreationDate, Tag.StudyDate, Tag.SeriesDate, Tag.AcquisitionDate, Tag.ContentDate,
                Tag.PatientBirthDate, Tag.DateOfLastCalibration, Tag.PerformedProcedureStepStartDate,
                Tag.PerformedProcedureStepEndDate, Tag.Date);
        define(VR.DS, Tag.PatientSize, Tag.PatientWeight, Tag.SliceThickness, Tag.KVP, Tag.RepetitionTime,
                Tag.EchoTime, Tag.InversionTime, Tag.NumberOfAverages, Tag.ImagingFrequency, Tag.MagneticFieldStrength,
                Tag.SpacingBetweenSlices, Tag.DataCollectionDiameter, Tag.PixelBandwidth, Tag.SpatialResolution,
                Tag.ReconstructionDiameter, Tag.DistanceSourceToDetector, Tag.DistanceSourceToPatient,
                Tag.EstimatedRadiographicMagnificationFactor, Tag.GantryDetectorTilt, Tag.TableHeight,
                Tag.ImagerPixelSpacing, Tag.FocalSpots, Tag.FlipAngle, Tag.SAR, Tag.Sensitivity,
                Tag.ImagePositionPatient, Tag.ImageOrientationPatient, Tag.SliceLocation, Tag.PixelSpacing,
                Tag.WindowCenter, Tag.WindowWidth, Tag.RescaleIntercept, Tag.RescaleSlope,
                Tag.LossyImageCompressionRatio, Tag.NumericValue);
        define(VR.DT, Tag.ContributionDateTime, Tag.AcquisitionDateTime, Tag.VerificationDateTime, Tag.ObservationDateTime, Tag.DateTime);
        define(VR.FD, Tag.RevolutionTime, Tag.SingleCollimationWidth, Tag.TotalCollimationWidth, Tag.SpiralPitchFactor,
                Tag.CTDIvol, Tag.FloatingPointValue);
        define(VR.FL, Tag.GraphicData);
        define(VR.IS, Tag.ReferencedFrameNumber, Tag.EchoNumbers, Tag.EchoTrainLength, Tag.ExposureTime,
                Tag.XRayTubeCurrent, Tag.Exposure, Tag.ExposureInuAs, Tag.GeneratorPower, Tag.RelativeXRayExposure,
                Tag.SeriesNumber, Tag.AcquisitionNumber, Tag.InstanceNumber, Tag.ImagesInAcquisition,
                Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances, Tag.NumberOfSeriesRelatedInstances,
                Tag.NumberOfFrames, Tag.PixelAspectRatio);
        define(VR.LO, Tag.ErrorComment, Tag.Manufacturer, Tag.InstitutionName, Tag.CodeMeaning, Tag.StudyDescription,
                Tag.SeriesDescription, Tag.InstitutionalDepartmentName, Tag.AdmittingDiagnosesDescription,
                Tag.ManufacturerModelName, Tag.PatientID, Tag.IssuerOfPatientID, Tag.OtherPatientIDs,
                Tag.PatientSpeciesDescription, Tag.PatientBreedDescription, Tag.DeidentificationMethod,
                Tag.ContrastBolusAgent, Tag.DeviceSerialNumber, Tag.SecondaryCaptureDeviceManufacturer,
                Tag.SecondaryCaptureDeviceManufacturerModelName, Tag.SecondaryCaptureDeviceSoftwareVersions, Tag.PlacerOrderNumberImagingServiceRequest,
                Tag.FillerOrderNumberImagingServiceRequest,
                Tag.SoftwareVersions, Tag.ProtocolName,
                Tag.PhosphorType, Tag.AcquisitionDeviceProcessingDescription, Tag.PositionReferenceIndicator,
                Tag.RescaleType, Tag.WindowCenterWidthExplanation, Tag.LUTExplanation, Tag.RequestingService,
                Tag.RequestedProcedureDescription, Tag.ScheduledProcedureStepDescription,
                Tag.PerformedProcedureStepDescription, Tag.PerformedProcedureTypeDescription,
                Tag.VerifyingOrganization, Tag.CompletionFlagDescription);
        define(VR.LT, Tag.AdditionalPatientHistory, Tag.PatientComments, Tag.ImageComments);
        define(VR.OB, Tag.FileMetaInformationVersion, Tag.PrivateInformation, Tag.ICCProfile,
                Tag.DataSetTrailingPadding);
        define(VR.OD, Tag.DoubleFloatPixelData);
        define(VR.OF, Tag.FloatPixelData);
        define(VR.OV, Tag.ExtendedOffsetTable, Tag.ExtendedOffsetTableLengths);
        define(VR.OW, Tag.PixelData);
        define(VR.PN, Tag.ReferringPhysicianName, Tag.PhysiciansOfRecord, Tag.PerformingPhysicianName,
                Tag.NameOfPhysiciansReadingStudy, Tag.OperatorsName, Tag.PatientName, Tag.OtherPatientNames,
                Tag.ResponsiblePerson, Tag.RequestingPhysician, Tag.VerifyingObserverName, Tag.PersonName,
                Tag.ContentCreatorName);
        define(VR.SH, Tag.ImplementationVersionName, Tag.AccessionNumber, Tag.CodeValue, Tag.CodingSchemeDesignator,
                Tag.CodingSchemeVersion, Tag.TimezoneOffsetFromUTC, Tag.StationName, Tag.EthnicGroup, Tag.Occupation,
                Tag.SequenceName, Tag.ImagedNucleus, Tag.FilterType, Tag.ConvolutionKernel, Tag.ReceiveCoilName,
                Tag.TransmitCoilName, Tag.PlateType, Tag.StudyID, Tag.ScheduledProcedureStepID,
                Tag.PerformedStationName, Tag.PerformedLocation, Tag.PerformedProcedureStepID,
                Tag.RequestedProcedureID);
        define(VR.SQ, Tag.IssuerOfAccessionNumberSequence, Tag.ProcedureCodeSequence, Tag.ReferencedStudySequence,
                Tag.ReferencedPerformedProcedureStepSequence, Tag.ReferencedSeriesSequence,
                Tag.ReferencedPatientSequence, Tag.ReferencedImageSequence, Tag.FailedSOPSequence,
                Tag.ReferencedSOPSequence, Tag.SourceImageSequence, Tag.AnatomicRegionSequence,
                Tag.OtherPatientIDsSequence, Tag.ModalityLUTSequence, Tag.VOILUTSequence,
                Tag.RequestedProcedureCodeSequence, Tag.ReferencedNonImageCompositeSOPInstanceSequence,
                Tag.PerformedProtocolCodeSequence, Tag.ScheduledStepAttributesSequence, Tag.RequestAttributesSequence,
                Tag.PerformedSeriesSequence, Tag.AcquisitionContextSequence, Tag.ViewCodeSequence,
                Tag.ViewModifierCodeSequence, Tag.MeasurementUnitsCodeSequence, Tag.PersonIdentificationCodeSequence,
                Tag.ConceptNameCodeSequence, Tag.VerifyingObserverSequence,
                Tag.VerifyingObserverIdentificationCodeSequence, Tag.ConceptCodeSequence, Tag.MeasuredValueSequence,
                Tag.NumericValueQualifierCodeSequence, Tag.PredecessorDocumentsSequence, Tag.ReferencedRequestSequence,
                Tag.PerformedProcedureCodeSequence, Tag.CurrentRequestedProcedureEvidenceSequence,
                Tag.PertinentOtherEvidenceSequence, Tag.ContentTemplateSequence, Tag.IdenticalDocumentsSequence,
                Tag.ContentSequence, Tag.ContributingEquipmentSequence, Tag.PurposeOfReferenceCodeSequence);
        define(VR.SS, Tag.PixelIntensityRelationshipSign);
        define(VR.ST, Tag.InstitutionAddress, Tag.DerivationDescription, Tag.ContributionDescription);
        define(VR.TM, Tag.TimeOfSecondaryCapture, Tag.InstanceCreationTime, Tag.StudyTime, Tag.SeriesTime, Tag.AcquisitionTime, Tag.ContentTime,
                Tag.PatientBirthTime, Tag.TimeOfLastCalibration, Tag.PerformedProcedureStepStartTime,
                Tag.PerformedProcedureStepEndTime, Tag.Time);
        define(VR.UC, Tag.LongCodeValue);
        define(VR.UI, Tag.AffectedSOPClassUID, Tag.RequestedSOPClassUID, Tag.AffectedSOPInstanceUID,
                Tag.RequestedSOPInstanceUID, Tag.MediaStorageSOPClassUID, Tag.MediaStorageSOPInstanceUID,
                Tag.TransferSyntaxUID, Tag.ImplementationClassUID, Tag.PrivateInformationCreatorUID,
                Tag.InstanceCreatorUID, Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.ReferencedSOPClassUID,
                Tag.ReferencedSOPInstanceUID, Tag.IrradiationEventUID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID,
                Tag.FrameOfReferenceUID, Tag.UID, Tag.ObservationUID, Tag.ReferencedFrameOfReferenceUID);
        define(VR.UL, Tag.CommandGroupLength, Tag.FileMetaInformationGroupLength, Tag.ReferencedContentItemIdentifier);
        define(VR.UR, Tag.URNCodeValue, Tag.RetrieveURL);
        define(VR.US, Tag.CommandField, Tag.MessageID, Tag.MessageIDBeingRespondedTo, Tag.Priority,
                Tag.CommandDataSetType, Tag.Status, Tag.ErrorID, Tag.EventTypeID, Tag.ActionTypeID,
                Tag.NumberOfRemainingSuboperations, Tag.NumberOfCompletedSuboperations,
                Tag.NumberOfFailedSuboperations, Tag.NumberOfWarningSuboperations, Tag.MoveOriginatorMessageID,
                Tag.FailureReason, Tag.PregnancyStatus, Tag.AcquisitionMatrix, Tag.SamplesPerPixel,
                Tag.PlanarConfiguration, Tag.Rows, Tag.Columns, Tag.BitsAllocated, Tag.BitsStored, Tag.HighBit,
                Tag.PixelRepresentation, Tag.SmallestImagePixelValue, Tag.LargestImagePixelValue,
                Tag.PixelPaddingValue, Tag.LUTDescriptor, Tag.LUTData);
        define(VR.UT, Tag.TextValue);
        // the keyword is the constant's name in Tag, so the two can never disagree
        for (Field field : Tag.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    KEYWORDS.put(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private ElementDictionary() {
    }

    private static void define(VR vr, int... tags) {
        for (int tag : tags) {
            VRS.put(tag, vr);
        }
    }

    /**
     * The VR of {@code tag}: from PS3.6 for known attributes; UL for a group length (gggg,0000)
     * (PS3.5 7.2); LO for a private creator (PS3.5 7.8.1); otherwise UN.
     */
    public static VR vrOf(int tag) {
        VR vr = VRS.get(tag);
        if (vr != null) {
            return vr;
        }
        if (Tag.isGroupLength(tag)) {
            return VR.UL;
        }
        if (Tag.isPrivateCreator(tag)) {
            return VR.LO;
        }
        return VR.UN;
    }

    /** The PS3.6 keyword, or null for an attribute this dictionary does not hold. */
    public static String keywordOf(int tag) {
        return KEYWORDS.get(tag);
    }
}
