package org.varde.dicom.data;

/**
 * Attribute tags as {@code int} constants named by their PS3.6 keyword (group in the high 16 bits).
 * Covers the command group, the File Meta Information (group 0002), and the attributes of the patient,
 * general study/series/equipment, image pixel, CT/MR/CR/DX image, SOP common, MPPS and SR document
 * modules that Varde reads or writes. {@link ElementDictionary} holds their VRs.
 */
public final class Tag {

    // group 0000
    public static final int CommandGroupLength = 0x00000000;
    public static final int AffectedSOPClassUID = 0x00000002;
    public static final int RequestedSOPClassUID = 0x00000003;
    public static final int CommandField = 0x00000100;
    public static final int MessageID = 0x00000110;
    public static final int MessageIDBeingRespondedTo = 0x00000120;
    public static final int MoveDestination = 0x00000600;
    public static final int Priority = 0x00000700;
    public static final int CommandDataSetType = 0x00000800;
    public static final int Status = 0x00000900;
    public static final int OffendingElement = 0x00000901;
    public static final int ErrorComment = 0x00000902;
    public static final int ErrorID = 0x00000903;
    public static final int AffectedSOPInstanceUID = 0x00001000;
    public static final int RequestedSOPInstanceUID = 0x00001001;
    public static final int EventTypeID = 0x00001002;
    public static final int AttributeIdentifierList = 0x00001005;
    public static final int ActionTypeID = 0x00001008;
    public static final int NumberOfRemainingSuboperations = 0x00001020;
    public static final int NumberOfCompletedSuboperations = 0x00001021;
    public static final int NumberOfFailedSuboperations = 0x00001022;
    public static final int NumberOfWarningSuboperations = 0x00001023;
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;
    public static final int MoveOriginatorMessageID = 0x00001031;

    // group 0002
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;
    public static final int SendingApplicationEntityTitle = 0x00020017;
    public static final int ReceivingApplicationEntityTitle = 0x00020018;
    public static final int PrivateInformationCreatorUID = 0x00020100;
    public static final int PrivateInformation = 0x00020102;

    // group 0008
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int ImageType = 0x00080008;
    public static final int InstanceCreationDate = 0x00080012;
    public static final int InstanceCreationTime = 0x00080013;
    public static final int InstanceCreatorUID = 0x00080014;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int AcquisitionDate = 0x00080022;
    public static final int ContentDate = 0x00080023;
    public static final int AcquisitionDateTime = 0x0008002A;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int AcquisitionTime = 0x00080032;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int IssuerOfAccessionNumberSequence = 0x00080051;
    public static final int QueryRetrieveLevel = 0x00080052;
    public static final int RetrieveAETitle = 0x00080054;
    public static final int InstanceAvailability = 0x00080056;
    public static final int Modality = 0x00080060;
    public static final int ConversionType = 0x00080064;
    public static final int PresentationIntentType = 0x00080068;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int InstitutionAddress = 0x00080081;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int CodeValue = 0x00080100;
    public static final int CodingSchemeDesignator = 0x00080102;
    public static final int CodingSchemeVersion = 0x00080103;
    public static final int CodeMeaning = 0x00080104;
    public static final int MappingResource = 0x00080105;
    public static final int LongCodeValue = 0x00080119;
    public static final int URNCodeValue = 0x00080120;
    public static final int TimezoneOffsetFromUTC = 0x00080201;
    public static final int StationName = 0x00081010;
    public static final int StudyDescription = 0x00081030;
    public static final int ProcedureCodeSequence = 0x00081032;
    public static final int SeriesDescription = 0x0008103E;
    public static final int InstitutionalDepartmentName = 0x00081040;
    public static final int PhysiciansOfRecord = 0x00081048;
    public static final int PerformingPhysicianName = 0x00081050;
    public static final int NameOfPhysiciansReadingStudy = 0x00081060;
    public static final int OperatorsName = 0x00081070;
    public static final int AdmittingDiagnosesDescription = 0x00081080;
    public static final int ManufacturerModelName = 0x00081090;
    public static final int ReferencedStudySequence = 0x00081110;
    public static final int ReferencedPerformedProcedureStepSequence = 0x00081111;
    public static final int ReferencedSeriesSequence = 0x00081115;
    public static final int ReferencedPatientSequence = 0x00081120;
    public static final int ReferencedImageSequence = 0x00081140;
    public static final int ReferencedSOPClassUID = 0x00081150;
    public static final int ReferencedSOPInstanceUID = 0x00081155;
    public static final int ReferencedFrameNumber = 0x00081160;
    public static final int RetrieveURL = 0x00081190;
    public static final int FailureReason = 0x00081197;
    public static final int FailedSOPSequence = 0x00081198;
    public static final int ReferencedSOPSequence = 0x00081199;
    public static final int DerivationDescription = 0x00082111;
    public static final int SourceImageSequence = 0x00082112;
    public static final int AnatomicRegionSequence = 0x00082218;
    public static final int IrradiationEventUID = 0x00083010;

    // group 0010
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int TypeOfPatientID = 0x00100022;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientBirthTime = 0x00100032;
    public static final int PatientSex = 0x00100040;
    public static final int QualityControlSubject = 0x00100200;
    public static final int OtherPatientIDs = 0x00101000;
    public static final int OtherPatientNames = 0x00101001;
    public static final int OtherPatientIDsSequence = 0x00101002;
    public static final int PatientAge = 0x00101010;
    public static final int PatientSize = 0x00101020;
    public static final int PatientWeight = 0x00101030;
    public static final int EthnicGroup = 0x00102160;
    public static final int Occupation = 0x00102180;
    public static final int AdditionalPatientHistory = 0x001021B0;
    public static final int PregnancyStatus = 0x001021C0;
    public static final int PatientSpeciesDescription = 0x00102201;
    public static final int AnatomicalOrientationType = 0x00102210;
    public static final int PatientBreedDescription = 0x00102292;
    public static final int ResponsiblePerson = 0x00102297;
    public static final int PatientComments = 0x00104000;

    // group 0012
    public static final int PatientIdentityRemoved = 0x00120062;
    public static final int DeidentificationMethod = 0x00120063;

    // group 0018
    public static final int ContrastBolusAgent = 0x00180010;
    public static final int BodyPartExamined = 0x00180015;
    public static final int ScanningSequence = 0x00180020;
    public static final int SequenceVariant = 0x00180021;
    public static final int ScanOptions = 0x00180022;
    public static final int MRAcquisitionType = 0x00180023;
    public static final int SequenceName = 0x00180024;
    public static final int SliceThickness = 0x00180050;
    public static final int KVP = 0x00180060;
    public static final int RepetitionTime = 0x00180080;
    public static final int EchoTime = 0x00180081;
    public static final int InversionTime = 0x00180082;
    public static final int NumberOfAverages = 0x00180083;
    public static final int ImagingFrequency = 0x00180084;
    public static final int ImagedNucleus = 0x00180085;
    public static final int EchoNumbers = 0x00180086;
    public static final int MagneticFieldStrength = 0x00180087;
    public static final int SpacingBetweenSlices = 0x00180088;
    public static final int DataCollectionDiameter = 0x00180090;
    public static final int EchoTrainLength = 0x00180091;
    public static final int PixelBandwidth = 0x00180095;
    public static final int DeviceSerialNumber = 0x00181000;
    public static final int DateOfSecondaryCapture = 0x00181012;
    public static final int TimeOfSecondaryCapture = 0x00181014;
    public static final int SecondaryCaptureDeviceManufacturer = 0x00181016;
    public static final int SecondaryCaptureDeviceManufacturerModelName = 0x00181018;
    public static final int SecondaryCaptureDeviceSoftwareVersions = 0x00181019;
    public static final int SoftwareVersions = 0x00181020;
    public static final int ProtocolName = 0x00181030;
    public static final int SpatialResolution = 0x00181050;
    public static final int ReconstructionDiameter = 0x00181100;
    public static final int DistanceSourceToDetector = 0x00181110;
    public static final int DistanceSourceToPatient = 0x00181111;
    public static final int EstimatedRadiographicMagnificationFactor = 0x00181114;
    public static final int GantryDetectorTilt = 0x00181120;
    public static final int TableHeight = 0x00181130;
    public static final int RotationDirection = 0x00181140;
    public static final int ExposureTime = 0x00181150;
    public static final int XRayTubeCurrent = 0x00181151;
    public static final int Exposure = 0x00181152;
    public static final int ExposureInuAs = 0x00181153;
    public static final int FilterType = 0x00181160;
    public static final int ImagerPixelSpacing = 0x00181164;
    public static final int Grid = 0x00181166;
    public static final int GeneratorPower = 0x00181170;
    public static final int FocalSpots = 0x00181190;
    public static final int DateOfLastCalibration = 0x00181200;
    public static final int TimeOfLastCalibration = 0x00181201;
    public static final int ConvolutionKernel = 0x00181210;
    public static final int ReceiveCoilName = 0x00181250;
    public static final int TransmitCoilName = 0x00181251;
    public static final int PlateType = 0x00181260;
    public static final int PhosphorType = 0x00181261;
    public static final int AcquisitionMatrix = 0x00181310;
    public static final int InPlanePhaseEncodingDirection = 0x00181312;
    public static final int FlipAngle = 0x00181314;
    public static final int SAR = 0x00181316;
    public static final int AcquisitionDeviceProcessingDescription = 0x00181400;
    public static final int RelativeXRayExposure = 0x00181405;
    public static final int PositionerType = 0x00181508;
    public static final int PatientPosition = 0x00185100;
    public static final int ViewPosition = 0x00185101;
    public static final int Sensitivity = 0x00186000;
    public static final int DetectorType = 0x00187004;
    public static final int RevolutionTime = 0x00189305;
    public static final int SingleCollimationWidth = 0x00189306;
    public static final int TotalCollimationWidth = 0x00189307;
    public static final int SpiralPitchFactor = 0x00189311;
    public static final int ExposureModulationType = 0x00189323;
    public static final int CTDIvol = 0x00189345;
    public static final int ContributingEquipmentSequence = 0x0018A001;
    public static final int ContributionDateTime = 0x0018A002;
    public static final int ContributionDescription = 0x0018A003;

    // group 0020
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int AcquisitionNumber = 0x00200012;
    public static final int InstanceNumber = 0x00200013;
    public static final int PatientOrientation = 0x00200020;
    public static final int ImagePositionPatient = 0x00200032;
    public static final int ImageOrientationPatient = 0x00200037;
    public static final int FrameOfReferenceUID = 0x00200052;
    public static final int Laterality = 0x00200060;
    public static final int ImageLaterality = 0x00200062;
    public static final int ImagesInAcquisition = 0x00201002;
    public static final int PositionReferenceIndicator = 0x00201040;
    public static final int SliceLocation = 0x00201041;
    public static final int NumberOfStudyRelatedSeries = 0x00201206;
    public static final int NumberOfStudyRelatedInstances = 0x00201208;
    public static final int NumberOfSeriesRelatedInstances = 0x00201209;
    public static final int ImageComments = 0x00204000;

    // group 0028
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int FrameIncrementPointer = 0x00280009;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int PixelSpacing = 0x00280030;
    public static final int PixelAspectRatio = 0x00280034;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;
    public static final int SmallestImagePixelValue = 0x00280106;
    public static final int LargestImagePixelValue = 0x00280107;
    public static final int PixelPaddingValue = 0x00280120;
    public static final int QualityControlImage = 0x00280300;
    public static final int BurnedInAnnotation = 0x00280301;
    public static final int RecognizableVisualFeatures = 0x00280302;
    public static final int PixelIntensityRelationship = 0x00281040;
    public static final int PixelIntensityRelationshipSign = 0x00281041;
    public static final int WindowCenter = 0x00281050;
    public static final int WindowWidth = 0x00281051;
    public static final int RescaleIntercept = 0x00281052;
    public static final int RescaleSlope = 0x00281053;
    public static final int RescaleType = 0x00281054;
    public static final int WindowCenterWidthExplanation = 0x00281055;
    public static final int VOILUTFunction = 0x00281056;
    public static final int ICCProfile = 0x00282000;
    public static final int LossyImageCompression = 0x00282110;
    public static final int LossyImageCompressionRatio = 0x00282112;
    public static final int LossyImageCompressionMethod = 0x00282114;
    public static final int ModalityLUTSequence = 0x00283000;
    public static final int LUTDescriptor = 0x00283002;
    public static final int LUTExplanation = 0x00283003;
    public static final int LUTData = 0x00283006;
    public static final int VOILUTSequence = 0x00283010;

    // group 0032
    public static final int RequestingPhysician = 0x00321032;
    public static final int RequestingService = 0x00321033;
    public static final int RequestedProcedureDescription = 0x00321060;
    public static final int RequestedProcedureCodeSequence = 0x00321064;

    // group 0040
    public static final int ScheduledProcedureStepDescription = 0x00400007;
    public static final int ScheduledProcedureStepID = 0x00400009;
    public static final int ReferencedNonImageCompositeSOPInstanceSequence = 0x00400220;
    public static final int PerformedStationAETitle = 0x00400241;
    public static final int PerformedStationName = 0x00400242;
    public static final int PerformedLocation = 0x00400243;
    public static final int PerformedProcedureStepStartDate = 0x00400244;
    public static final int PerformedProcedureStepStartTime = 0x00400245;
    public static final int PerformedProcedureStepEndDate = 0x00400250;
    public static final int PerformedProcedureStepEndTime = 0x00400251;
    public static final int PerformedProcedureStepStatus = 0x00400252;
    public static final int PerformedProcedureStepID = 0x00400253;
    public static final int PerformedProcedureStepDescription = 0x00400254;
    public static final int PerformedProcedureTypeDescription = 0x00400255;
    public static final int PerformedProtocolCodeSequence = 0x00400260;
    public static final int ScheduledStepAttributesSequence = 0x00400270;
    public static final int RequestAttributesSequence = 0x00400275;
    public static final int PerformedSeriesSequence = 0x00400340;
    public static final int AcquisitionContextSequence = 0x00400555;
    public static final int MeasurementUnitsCodeSequence = 0x004008EA;
    public static final int RequestedProcedureID = 0x00401001;
    public static final int PersonIdentificationCodeSequence = 0x00401101;
    public static final int PlacerOrderNumberImagingServiceRequest = 0x00402016;
    public static final int FillerOrderNumberImagingServiceRequest = 0x00402017;
    public static final int RelationshipType = 0x0040A010;
    public static final int VerifyingOrganization = 0x0040A027;
    public static final int VerificationDateTime = 0x0040A030;
    public static final int ObservationDateTime = 0x0040A032;
    public static final int ValueType = 0x0040A040;
    public static final int ConceptNameCodeSequence = 0x0040A043;
    public static final int ContinuityOfContent = 0x0040A050;
    public static final int VerifyingObserverSequence = 0x0040A073;
    public static final int VerifyingObserverName = 0x0040A075;
    public static final int ObserverType = 0x0040A084;
    public static final int VerifyingObserverIdentificationCodeSequence = 0x0040A088;
    public static final int DateTime = 0x0040A120;
    public static final int Date = 0x0040A121;
    public static final int Time = 0x0040A122;
    public static final int PersonName = 0x0040A123;
    public static final int UID = 0x0040A124;
    public static final int TextValue = 0x0040A160;
    public static final int FloatingPointValue = 0x0040A161;
    public static final int ConceptCodeSequence = 0x0040A168;
    public static final int PurposeOfReferenceCodeSequence = 0x0040A170;
    public static final int ObservationUID = 0x0040A171;
    public static final int MeasuredValueSequence = 0x0040A300;
    public static final int NumericValueQualifierCodeSequence = 0x0040A301;
    public static final int NumericValue = 0x0040A30A;
    public static final int PredecessorDocumentsSequence = 0x0040A360;
    public static final int ReferencedRequestSequence = 0x0040A370;
    public static final int PerformedProcedureCodeSequence = 0x0040A372;
    public static final int CurrentRequestedProcedureEvidenceSequence = 0x0040A375;
    public static final int PertinentOtherEvidenceSequence = 0x0040A385;
    public static final int CompletionFlag = 0x0040A491;
    public static final int CompletionFlagDescription = 0x0040A492;
    public static final int VerificationFlag = 0x0040A493;
    public static final int PreliminaryFlag = 0x0040A496;
    public static final int ContentTemplateSequence = 0x0040A504;
    public static final int IdenticalDocumentsSequence = 0x0040A525;
    public static final int ContentSequence = 0x0040A730;
    public static final int TemplateIdentifier = 0x0040DB00;
    public static final int ReferencedContentItemIdentifier = 0x0040DB73;

    // group 0070
    public static final int ViewCodeSequence = 0x00540220;
    public static final int ViewModifierCodeSequence = 0x00540222;
    public static final int GraphicData = 0x00700022;
    public static final int GraphicType = 0x00700023;
    public static final int ContentCreatorName = 0x00700084;

    // group 2050
    public static final int PresentationLUTShape = 0x20500020;

    // group 3006
    public static final int ReferencedFrameOfReferenceUID = 0x30060024;

    // group 7FE0
    public static final int ExtendedOffsetTable = 0x7FE00001;
    public static final int ExtendedOffsetTableLengths = 0x7FE00002;
    public static final int FloatPixelData = 0x7FE00008;
    public static final int DoubleFloatPixelData = 0x7FE00009;
    public static final int PixelData = 0x7FE00010;

    // group FFFC
    public static final int DataSetTrailingPadding = 0xFFFCFFFC;

    // group FFFE
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private Tag() {
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** PS3.5 7.1: a tag is written as (gggg,eeee) in hexadecimal. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }

    /** PS3.5 7.8.1: private data elements have an odd group number (above 0008). */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) != 0;
    }

    /** PS3.5 7.8.1: (gggg,0010-00FF) in an odd group reserves a block for a private creator. */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** PS3.5 7.2: (gggg,0000) is the group length. */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }
}
