import type { TestClient } from './test-client.ts';

/**
 * Samples for laboratory tests: a visit recorded with blood drawn, its tubes received and processed into
 * aliquots through the API. Times fit the test clock's first day (2026-03-02).
 */
export interface ProcessedVisit {
  /** Barcodes by sample type (`plasma`, `serum`, ...), in the order made. */
  aliquots: Record<string, string[]>;
  /** Tube barcodes by tube type (`EDTA`, `SERUM`, ...). */
  tubes: Record<string, string[]>;
}

export async function processedVisit(
  client: TestClient,
  participantId: number,
  visit = 'D0',
  occurredAt = '2026-03-02T08:00:00Z',
): Promise<ProcessedVisit> {
  await client
    .call('POST', `/api/participants/${participantId}/visits`, { visit, outcome: 'done', occurredAt, bloodDrawn: true })
    .expect(201);
  const times = { drawnAt: occurredAt, receivedAt: occurredAt, processedAt: occurredAt };
  const reply = await client
    .call('POST', `/api/participants/${participantId}/samples/${visit}`, {
      tubes: [
        { tubeType: 'EDTA', ...times, aliquots: [{ sampleType: 'plasma', count: 2 }] },
        { tubeType: 'SERUM', ...times, aliquots: [{ sampleType: 'serum', count: 2 }] },
      ],
    })
    .expect(201);
  return barcodesOf(reply.json, visit);
}

interface SamplesAnswer {
  visits: {
    visit: string;
    tubes: { barcode: string; tubeType: string; aliquots: { barcode: string; sampleType: string }[] }[];
  }[];
}

function barcodesOf(answer: unknown, visit: string): ProcessedVisit {
  const result: ProcessedVisit = { aliquots: {}, tubes: {} };
  for (const tube of (answer as SamplesAnswer).visits.find((v) => v.visit === visit)?.tubes ?? []) {
    (result.tubes[tube.tubeType] ??= []).push(tube.barcode);
    for (const aliquot of tube.aliquots) (result.aliquots[aliquot.sampleType] ??= []).push(aliquot.barcode);
  }
  return result;
}

/** A results file's bytes as the import endpoint takes them. */
export const base64 = (content: string | Buffer) => Buffer.from(content).toString('base64');

export interface LabObjects {
  /** A current result of the site's participant (IL-6 of a plasma aliquot). */
  resultId: number;
  /** The HLA-DR bead calibration that converted the participant's EDTA tube. */
  calibrationId: number;
}

/** A participant's processed samples with an imported result and an HLA-DR calibration, by a lab technician of the site. */
export async function populatedLab(lab: TestClient, participantId: number, mark: string): Promise<LabObjects> {
  const samples = (await lab.call('GET', `/api/participants/${participantId}/samples`).expect(200))
    .json as SamplesAnswer;
  const tubes = samples.visits.flatMap((v) => v.tubes);
  const tube = tubes.find((t) => t.tubeType === 'EDTA')!;
  const aliquot = tubes.flatMap((t) => t.aliquots).find((a) => a.sampleType === 'plasma')!;
  const csv = `Sample,Analyte,Value,Unit\n${aliquot.barcode},IL-6,${mark.length + 10},pg/mL\n`;
  await lab
    .call('POST', '/api/lab-imports', { format: 'long', fileName: `${mark}.csv`, content: base64(csv) })
    .expect(201);
  const calibration = await lab
    .call('POST', '/api/hladr-calibrations', {
      runLabel: `run ${mark}`,
      acquiredOn: '2026-03-02',
      beadLot: `lot ${mark}`,
      beads: referenceBeads,
      samples: [{ barcode: tube.barcode, mfi: 4000 }],
    })
    .expect(201);
  const results = (await lab.call('GET', `/api/participants/${participantId}/results?analyte=il6`).expect(200))
    .json as { id: number }[];
  return {
    resultId: results[0]!.id,
    calibrationId: (calibration.json as { calibration: { id: number } }).calibration.id,
  };
}

/** The Quantibrite fixture of reference-data.md: slope ≈ 1.00947, intercept ≈ 0.36107, R² ≈ 0.9998. */
export const referenceBeads = [
  { pePerBead: 500, mfi: 210 },
  { pePerBead: 5000, mfi: 1950 },
  { pePerBead: 25000, mfi: 10300 },
  { pePerBead: 65000, mfi: 25500 },
];
