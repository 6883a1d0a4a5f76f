import { consentEndpoints } from '../features/consent/contract.ts';
import { destructionEndpoints } from '../features/destruction/contract.ts';
import { enrollmentEndpoints } from '../features/enrollment/contract.ts';
import { labsEndpoints } from '../features/labs/contract.ts';
import { participantsEndpoints } from '../features/participants/contract.ts';
import { samplesEndpoints } from '../features/samples/contract.ts';
import { screeningEndpoints } from '../features/screening/contract.ts';
import { visitsEndpoints } from '../features/visits/contract.ts';
import type { FakeClock } from '../core/clock.ts';
import type { CallContext } from '../kernel/context.ts';
import type { Rng } from '../stats/random.ts';
import type { InProcessApi } from './api.ts';
import { crfEndpoints } from '../features/crf/contract.ts';
import { formSteps, type FormState } from './form-steps.ts';
import { monitorQuestions } from './forms.ts';
import { biobank } from './biobank-steps.ts';
import { screenOut } from './screening-steps.ts';
import { beadRun, longResultFile, type MeasuredSample } from './lab-files.ts';
import type { Visit } from './model/immunotypes.ts';
import { plantSample } from './model/participant.ts';
import type { Enrolled, Step } from './schedule.ts';
import { isoDate, isoInstant } from './time.ts';

/**
 * Carries out the study's steps (./schedule.ts) through the API in process, each at its time on the simulated
 * clock, as the person whose job it is: the site's research nurse screens, enrolls and records visits, the
 * investigator approves destructions, the lab technician processes tubes, imports results and runs the bead
 * calibrations. What each step needs from earlier ones (the participant's id, the aliquots' barcodes) is kept
 * here.
 */

export interface SiteStaff {
  siteId: number;
  code: string;
  nurse: CallContext;
  investigator: CallContext;
  lab: CallContext;
}

interface Live extends FormState {
  studyId: string;
  /** Samples of this participant will be destroyed: nothing more is measured. */
  samplesGone: boolean;
  /** Consent refused: no more visits. */
  followUpStopped: boolean;
  /** Data destroyed: nothing more is recorded. */
  dataGone: boolean;
  sampled: Map<Visit, MeasuredSample>;
  /** The monitor's open query on the baseline form, to be answered. */
  queryId: number | null;
}

export interface Performer {
  perform(step: Step): Promise<void>;
  /** Participants by plan index: who was enrolled, with the visits sampled. */
  readonly live: ReadonlyMap<number, Live>;
}

export function performer(
  api: InProcessApi,
  clock: FakeClock,
  staff: readonly SiteStaff[],
  monitor: CallContext,
  rng: Rng,
): Performer {
  const live = new Map<number, Live>();
  const awaitingCalibration = staff.map((): { patient: number; sample: MeasuredSample }[] => []);
  const awaitingImport = staff.map((): { patient: number; sample: MeasuredSample }[] => []);
  const freezers = biobank(api, clock, staff, (patient) => live.get(patient)!.samplesGone);
  const labRng = rng.split();
  const formRng = rng.split();
  const sampleRng = rng.split();
  const { enterForm, enterSofaDay, enterClinicalForm } = formSteps(api, clock, formRng);
  let runs = 0;

  const enroll = async (site: SiteStaff, patient: Enrolled) => {
    const { plan, answers, identity } = patient;
    const created = await api.call(site.nurse, screeningEndpoints.create, {
      params: { siteId: site.siteId },
      body: {
        screenedOn: isoDate(plan.screenedAt),
        icuAdmissionAt: isoInstant(plan.admissionAt),
        setting: plan.setting,
        sex: plan.sex,
        hospitalNumber: identity.hospitalNumber,
        eligibility: answers,
      },
    });
    const screeningId = created.screening.id;
    if (plan.route !== 'deferred') {
      await api.call(site.nurse, screeningEndpoints.setOutcome, {
        params: { screeningId },
        body: { outcome: 'approached' },
      });
    }
    const consent =
      plan.route === 'deferred'
        ? { type: 'deferred', date: isoDate(plan.screenedAt) }
        : {
            type: plan.route,
            decision: 'given' as const,
            date: isoDate(plan.screenedAt),
            informationLetterVersion: '1.0',
            optionalItems: { future_research: true, follow_up_contact: true },
          };
    const participant = await api.call(site.nurse, enrollmentEndpoints.enroll, {
      params: { screeningId },
      body: { identity, consent },
    });
    live.set(patient.index, {
      participantId: participant.id,
      studyId: participant.studyId,
      samplesGone: false,
      followUpStopped: false,
      dataGone: false,
      sampled: new Map(),
      queryId: null,
      lastContactAt: patient.plan.dischargeAt,
      hospitalAdmittedAt: null,
      sofaPoints: null,
      support: { points: [], advanced: [], ecmo: [] },
      infectionSite: null,
    });
  };

  const recordVisit = async (site: SiteStaff, patient: Enrolled, index: number, state: Live) => {
    const visit = patient.plan.visits[index]!;
    const params = { participantId: state.participantId };
    if (visit.outcome === 'missed') {
      await api.call(site.nurse, visitsEndpoints.record, {
        params,
        body: { visit: visit.visit, outcome: 'missed', missedReason: visit.missedReason },
      });
      return;
    }
    await api.call(site.nurse, visitsEndpoints.record, {
      params,
      body: {
        visit: visit.visit,
        outcome: 'done',
        occurredAt: isoInstant(visit.at),
        bloodDrawn: visit.bloodDrawn,
        ...(visit.bloodDrawn ? {} : { noBloodReason: 'Venepuncture failed' }),
      },
    });
  };

  /** The lab receives and processes the tubes drawn at a done visit. */
  const processVisit = async (site: SiteStaff, patient: Enrolled, index: number, state: Live) => {
    const visit = patient.plan.visits[index]!;
    if (state.samplesGone) return;
    const processedAt = visit.at + visit.processingDelayMinutes * 60_000;
    const times = {
      drawnAt: isoInstant(visit.at),
      receivedAt: isoInstant(visit.at + Math.round(visit.processingDelayMinutes * 0.4) * 60_000),
      processedAt: isoInstant(processedAt),
    };
    const spin = { g: 1500, minutes: 10, temperatureC: 4 };
    const view = await api.call(site.lab, samplesEndpoints.process, {
      params: { participantId: state.participantId, visit: visit.visit },
      body: {
        tubes: [
          {
            tubeType: 'EDTA',
            ...times,
            centrifugation: spin,
            aliquots: [
              { sampleType: 'whole_blood', count: 1 },
              { sampleType: 'plasma', count: 2 },
            ],
          },
          { tubeType: 'SERUM', ...times, centrifugation: spin, aliquots: [{ sampleType: 'serum', count: 2 }] },
          { tubeType: 'PAXGENE', ...times, aliquots: [{ sampleType: 'rna', count: 1 }] },
        ],
      },
    });
    const barcodes: Record<string, string> = {};
    // In id order (the order made): a view's order is not guaranteed on PostgreSQL, and the seed must decide.
    const tubes = [...(view.visits.find((v) => v.visit === visit.visit)?.tubes ?? [])].sort((a, b) => a.id - b.id);
    for (const tube of tubes) {
      for (const aliquot of [...tube.aliquots].sort((a, b) => a.id - b.id)) {
        barcodes[aliquot.sampleType] ??= aliquot.barcode;
        // Whole blood is used fresh (HLA-DR, counts, stimulation); the rest goes to the −80 °C freezer.
        if (aliquot.sampleType !== 'whole_blood') {
          const { id, barcode, sampleType } = aliquot;
          freezers.awaiting(patient.site, { patient: patient.index, id, barcode, sampleType });
        }
      }
    }
    const sample: MeasuredSample = { results: plantSample(sampleRng, patient.plan.planted, visit.visit), barcodes };
    state.sampled.set(visit.visit, sample);
    awaitingCalibration[patient.site]!.push({ patient: patient.index, sample });
    awaitingImport[patient.site]!.push({ patient: patient.index, sample });
  };

  const openQuery = async (patient: Enrolled, question: number, state: Live) => {
    const { item, text } = monitorQuestions[question]!;
    const params = { participantId: state.participantId, form: 'baseline', slot: 'D0' };
    const query = await api.call(monitor, crfEndpoints.openQuery, { params, body: { item, text } });
    state.queryId = query.id;
  };

  const calibrate = async (site: SiteStaff, siteIndex: number) => {
    const queue = awaitingCalibration[siteIndex]!.splice(0).filter((s) => !live.get(s.patient)!.samplesGone);
    if (queue.length === 0) return;
    const run = beadRun(labRng);
    runs += 1;
    await api.call(site.lab, labsEndpoints.calibrate, {
      body: {
        runLabel: `${site.code} HLA-DR ${isoDate(clock.now().getTime())} #${runs}`,
        acquiredOn: isoDate(clock.now().getTime()),
        beadLot: `QB-${650 + Math.floor(runs / 40)}`,
        beads: run.beads,
        samples: queue.map(({ sample }) => ({
          barcode: sample.barcodes.whole_blood!,
          mfi: run.mfiOf(sample.results.mhladr.value),
        })),
      },
    });
  };

  const importResults = async (site: SiteStaff, siteIndex: number) => {
    const queue = awaitingImport[siteIndex]!.splice(0).filter((s) => !live.get(s.patient)!.samplesGone);
    if (queue.length === 0) return;
    const plate = `${site.code}-${isoDate(clock.now().getTime())}`;
    const content = longResultFile(
      site.lab.study.assays,
      queue.map((q) => q.sample),
      plate,
    );
    const report = await api.call(site.lab, labsEndpoints.import, {
      body: {
        format: 'long',
        fileName: `results-${plate}.csv`,
        content: Buffer.from(content).toString('base64'),
      },
    });
    if (report.importId === null) {
      throw new Error(`demo: the results file ${plate} was refused: ${report.errors[0]?.problem ?? 'no rows'}`);
    }
  };

  const approveDestruction = async (site: SiteStaff, state: Live) => {
    const detail = await api.call(site.investigator, participantsEndpoints.get, {
      params: { participantId: state.participantId },
    });
    if (detail.destruction?.status !== 'pending') return;
    await api.call(site.investigator, destructionEndpoints.approve, {
      params: { destructionId: detail.destruction.id },
      body: { note: 'Approved as requested' },
    });
    if (detail.destruction.destroyData) state.dataGone = true;
  };

  const destroyTasks = async (site: SiteStaff) => {
    const { tasks } = await api.call(site.lab, samplesEndpoints.destructionTasks, {
      params: { siteId: site.siteId },
      query: { status: 'open' },
    });
    for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
      await api.call(site.lab, samplesEndpoints.destroyed, {
        params: { taskId: task.id },
        body: { version: task.version },
      });
    }
  };

  return {
    live,
    async perform(step) {
      clock.set(new Date(step.at));
      const site = staff[step.site]!;
      switch (step.kind) {
        case 'screen_out':
          return screenOut(api, site, step.entry);
        case 'enroll':
          return enroll(site, step.patient);
        case 'calibrate':
          return calibrate(site, step.site);
        case 'lab_import':
          return importResults(site, step.site);
        case 'destruction_tasks':
          return destroyTasks(site);
        case 'store':
          return freezers.store(step.site);
        case 'ship':
          return freezers.ship(step.site);
        case 'consent':
        case 'visit':
        case 'process':
        case 'form':
        case 'sofa_day':
        case 'clinical_form':
        case 'query':
        case 'answer':
        case 'discharge':
        case 'death':
        case 'withdraw':
        case 'approve_destruction':
          return performFor(step);
      }
    },
  };

  /** The steps about one participant: none once their data are destroyed. */
  async function performFor(step: Exclude<Extract<Step, { patient: Enrolled }>, { kind: 'enroll' }>): Promise<void> {
    const site = staff[step.site]!;
    const state = live.get(step.patient.index);
    if (state === undefined || state.dataGone) return;
    const params = { participantId: state.participantId };
    switch (step.kind) {
      case 'consent': {
        const consent = step.patient.plan.consents[step.step]!;
        await api.call(site.nurse, consentEndpoints.record, {
          params,
          body: {
            type: consent.type,
            decision: consent.decision,
            date: isoDate(consent.at),
            informationLetterVersion: '1.0',
            optionalItems: { future_research: consent.decision === 'given', follow_up_contact: true },
          },
        });
        // A refusal stops follow-up at once and asks for the destruction of data and samples.
        if (consent.decision === 'refused') {
          state.samplesGone = true;
          state.followUpStopped = true;
        }
        return;
      }
      case 'visit':
        if (state.followUpStopped) return;
        return recordVisit(site, step.patient, step.visit, state);
      case 'process':
        return processVisit(site, step.patient, step.visit, state);
      case 'form':
        if (state.followUpStopped) return;
        return enterForm(site, step.patient, step.visit, state);
      case 'sofa_day':
        if (state.followUpStopped) return;
        return enterSofaDay(site, step.patient, step.day, state);
      case 'clinical_form':
        if (state.followUpStopped) return;
        return enterClinicalForm(site, step.patient, step.form, state);
      case 'query':
        return openQuery(step.patient, step.question, state);
      case 'answer':
        if (state.queryId === null) return;
        await api.call(site.nurse, crfEndpoints.answerQuery, {
          params: { queryId: state.queryId },
          body: { text: 'Checked against the source; corrected where needed.' },
        });
        return;
      case 'discharge':
        await api.call(site.nurse, participantsEndpoints.recordEvent, {
          params,
          body: { kind: 'hospital_discharge', date: isoDate(step.patient.plan.dischargeAt!) },
        });
        return;
      case 'death':
        await api.call(site.nurse, participantsEndpoints.recordEvent, {
          params,
          body: {
            kind: 'death',
            date: isoDate(step.patient.plan.deathAt!),
            place: step.patient.plan.dischargeAt === null ? 'icu' : 'home',
          },
        });
        return;
      case 'withdraw': {
        const { scope } = step.patient.plan.withdrawal!;
        await api.call(site.nurse, consentEndpoints.withdraw, {
          params,
          body: { date: isoDate(step.at), requestedBy: 'participant', scope, reason: 'Does not want further visits' },
        });
        if (scope !== 'stop_follow_up') state.samplesGone = true;
        return;
      }
      case 'approve_destruction':
        return approveDestruction(site, state);
    }
  }
}
