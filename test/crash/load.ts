import { screeningBody, type Cohort } from './cohort.ts';
import type { Http } from './http.ts';

/**
 * The writers: concurrent clients, each sending one audited write after another until the server dies
 * under them. Every write is journalled before it is sent, with its marker, and its fate after:
 * acknowledged (a 2xx answer), refused (any other answer) or unanswered (the connection failed: the write
 * may or may not have committed, but it must not be half there).
 */

export type Fate = 'pending' | 'acknowledged' | 'refused' | 'unanswered';

interface WriteBase {
  /** Unique in the run: carried in the written values, so that the write can be found afterwards. */
  marker: string;
  round: number;
  client: number;
  fate: Fate;
  status?: number;
  /** The answer's body (2xx: what the server said it stored; else why it refused). */
  answer?: unknown;
  error?: string;
  /** When it was sent and answered (ms since the epoch), for the log's latencies. */
  sentAt?: number;
  answeredAt?: number;
}

/**
 * A screening: its marker is the hospital number (kept only as a keyed hash) and, readable in the row and
 * the API, the ICU admission instant, which is unique to the write (a second apart from the others).
 */
export interface ScreeningWrite extends WriteBase {
  kind: 'screening';
  icuAdmissionAt: string;
}

/** A visit recorded as missed on the client's own participant; the marker is the missed reason and the audit reason. */
export interface VisitWrite extends WriteBase {
  kind: 'visit';
  participantId: number;
  visit: string;
}

/** A display name change of the client's account; the marker is the new display name. */
export interface ProfileWrite extends WriteBase {
  kind: 'profile';
  userId: number;
}

export type Write = ScreeningWrite | VisitWrite | ProfileWrite;

/** Visits a missed record may be given at any time: the first two of the protocol. */
export const visitCodes = ['D0', 'D3'] as const;

/** mulberry32: a small seeded generator, so that a seed printed by a failing run replays its choices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface LoadRun {
  /** No client sends another write after this; the ones in flight finish or fail. */
  stop(): void;
  /** Resolves when every client has stopped (after `stop`, or when the server is gone). */
  done: Promise<void>;
  /** Resolves at the first acknowledged write: the server is taking writes. */
  firstAcknowledged: Promise<void>;
}

export interface LoadOptions {
  http: Http;
  cohort: Cohort;
  round: number;
  clients: number;
  seed: number;
  /** Run-unique prefix of the markers (a new run on the same database never reuses one). */
  tag: string;
  /** Screening admission instants count down a second per screening from here (ms since the epoch). */
  admissionBase: number;
  /** Shared across rounds, so that admission instants and markers stay unique over the whole run. */
  counter: { next: number };
  journal: Write[];
}

export function startLoad(options: LoadOptions): LoadRun {
  const { http, cohort, round, journal, counter } = options;
  let stopped = false;
  let acknowledged = () => {};
  const firstAcknowledged = new Promise<void>((resolve) => (acknowledged = resolve));

  async function client(index: number): Promise<void> {
    const random = seededRandom(options.seed ^ Math.imul(round * 1_000 + index + 1, 0x9e3779b1));
    const token = cohort.clientTokens[index] as string;
    const account = cohort.coordinators[index % cohort.coordinators.length];
    const participantId = cohort.participants[index] as number;
    if (account === undefined) throw new Error('no coordinator accounts');
    while (!stopped) {
      const n = ++counter.next;
      const marker = `${options.tag}-r${round}-c${index}-w${n}`;
      const pick = random();
      let write: Write;
      let method: string;
      let path: string;
      let body: unknown;
      if (pick < 0.45) {
        const icuAdmissionAt = new Date(options.admissionBase - n * 1_000).toISOString();
        write = { kind: 'screening', marker, round, client: index, fate: 'pending', icuAdmissionAt };
        [method, path] = ['POST', `/api/sites/${cohort.siteId}/screenings`];
        body = screeningBody(icuAdmissionAt, `CR${options.tag}${n}`);
      } else if (pick < 0.85) {
        const visit = visitCodes[Math.floor(random() * visitCodes.length)] as string;
        write = { kind: 'visit', marker, round, client: index, fate: 'pending', participantId, visit };
        [method, path] = ['POST', `/api/participants/${participantId}/visits`];
        // A reason is required from the second record of a visit on, and allowed on the first.
        body = { visit, outcome: 'missed', missedReason: marker, reason: marker };
      } else {
        write = { kind: 'profile', marker, round, client: index, fate: 'pending', userId: account.userId };
        [method, path, body] = ['PATCH', '/api/me', { displayName: marker }];
      }
      journal.push(write);
      write.sentAt = Date.now();
      try {
        const answer = await http.call(method, path, body, { token });
        write.answeredAt = Date.now();
        write.status = answer.status;
        write.answer = answer.json ?? answer.text;
        write.fate = answer.status >= 200 && answer.status < 300 ? 'acknowledged' : 'refused';
        if (write.fate === 'acknowledged') acknowledged();
      } catch (error) {
        write.fate = 'unanswered';
        write.error = (error as Error).message;
        return;
      }
    }
  }

  const done = Promise.all(Array.from({ length: options.clients }, (_, i) => client(i))).then(() => undefined);
  return {
    stop: () => {
      stopped = true;
    },
    done,
    firstAcknowledged,
  };
}
