import type { BodyOf, OutputOf } from './client.ts';
import type { labsEndpoints, samplesEndpoints } from './endpoints.ts';

/**
 * Names for the biobank's and the laboratory's types, inferred from their endpoints' schemas
 * (src/features/samples/contract.ts, src/features/labs/contract.ts): none is written by hand here.
 */

// Samples of a participant.
export type ParticipantSamples = OutputOf<typeof samplesEndpoints.participantSamples>;
export type VisitSamples = ParticipantSamples['visits'][number];
export type TubeView = VisitSamples['tubes'][number];
export type AliquotView = TubeView['aliquots'][number];
export type AliquotStatus = AliquotView['status'];
export type TubeStatus = TubeView['status'];
export type SampleProcessing = BodyOf<typeof samplesEndpoints.process>;
export type TubeProcessing = SampleProcessing['tubes'][number];

// Storage.
export type StorageTree = OutputOf<typeof samplesEndpoints.storage>;
export type FreezerNode = StorageTree['freezers'][number];
export type RackNode = FreezerNode['racks'][number];
export type BoxView = RackNode['boxes'][number];
export type FreezerKind = FreezerNode['kind'];
export type RackKind = RackNode['kind'];
export type BoxMap = OutputOf<typeof samplesEndpoints.box>;
export type BoxCell = BoxMap['positions'][number];
export type FoundAliquot = OutputOf<typeof samplesEndpoints.findAliquots>['aliquots'][number];

// Shipments and destruction tasks.
export type ShipmentView = OutputOf<typeof samplesEndpoints.shipments>['shipments'][number];
export type ShipmentDetail = OutputOf<typeof samplesEndpoints.shipment>;
export type ShipmentItem = ShipmentDetail['items'][number];
export type ShipmentStatus = ShipmentView['status'];
export type ShipmentCreate = BodyOf<typeof samplesEndpoints.createShipment>;
export type Receipt = NonNullable<ShipmentItem['receipt']>;
export type DestructionTask = OutputOf<typeof samplesEndpoints.destructionTasks>['tasks'][number];
export type TaskStatus = DestructionTask['status'];

// Laboratory.
export type AssayView = OutputOf<typeof labsEndpoints.assays>[number];
export type AnalyteView = AssayView['analytes'][number];
export type Platform = AssayView['platform'];
export type LabMappingView = OutputOf<typeof labsEndpoints.mappings>[number];
export type ImportPreview = OutputOf<typeof labsEndpoints.preview>;
export type ImportRequest = BodyOf<typeof labsEndpoints.import>;
export type ImportReport = OutputOf<typeof labsEndpoints.import>;
export type RowProblem = ImportReport['errors'][number];
export type ResultFormat = ImportRequest['format'];
export type FileMapping = NonNullable<ImportRequest['mapping']>;
export type ImportView = OutputOf<typeof labsEndpoints.imports>[number];
export type ResultView = OutputOf<typeof labsEndpoints.results>[number];
export type Calibration = NonNullable<ResultView['calibration']>;
export type Qualifier = NonNullable<ResultView['qualifier']>;
