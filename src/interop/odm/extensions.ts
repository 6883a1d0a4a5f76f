import type { CalendarOffset, ElapsedOffset, VisitDefinition } from '../../protocol/visits.ts';
import { septypePrefix, userOid } from './oids.ts';
import { el, textEl, type XmlElement } from './xml.ts';

/**
 * septype's vendor extension of ODM 1.3.2 (namespace https://septype.org/ns/odm/v1, prefix `septype`), written
 * only with `--with-extensions`: what plain ODM cannot hold. Its schema is standards/septype-odm/, built the way
 * ODM prescribes (a redefine of the foundation's element-extension groups), and docs/odm.md describes it.
 */

const ns = (name: string) => `${septypePrefix}:${name}`;

/** An offset as an xs:duration: `PT48H` for elapsed time, `P1M2D` / `-P1D` for calendar time, `P0D` for none. */
export function durationOf(offset: ElapsedOffset | CalendarOffset): string {
  if ('hours' in offset) return offset.hours < 0 ? `-PT${-offset.hours}H` : `PT${offset.hours}H`;
  const months = offset.months ?? 0;
  const days = offset.days ?? 0;
  if (months === 0 && days === 0) return 'P0D';
  // xs:duration has one sign for the whole: a protocol never mixes an earlier month with a later day.
  const negative = months < 0 || days < 0;
  const parts = `${months === 0 ? '' : `${Math.abs(months)}M`}${days === 0 ? '' : `${Math.abs(days)}D`}`;
  return `${negative ? '-' : ''}P${parts}`;
}

/** A visit's target and window, on its StudyEventDef. */
export function visitWindowElement(visit: VisitDefinition): XmlElement {
  return el(ns('VisitWindow'), {
    Anchor: visit.anchor,
    Precision: visit.precision,
    Target: durationOf(visit.target),
    RelativeTo: visit.window.relativeTo,
    Earliest: durationOf(visit.window.earliest),
    Latest: durationOf(visit.window.latest),
    FollowUpCall: visit.followUpCall === true ? 'Yes' : undefined,
  });
}

/** A data query and its messages (open, answer, close, reopen, assign, resolved by the engine). */
export interface OdmQuery {
  id: number;
  /** The item it is about: `id` or `group[row].id`. */
  itemKey: string;
  /** open | answered | closed */
  status: string;
  /** The check that opened it (`range` or a check id); null when opened by a person. */
  rule: string | null;
  openedAt: string;
  closedAt: string | null;
  messages: readonly { at: string; username: string; kind: string; text: string }[];
}

export function queryElement(query: OdmQuery): XmlElement {
  return el(
    ns('Query'),
    {
      QueryID: `Q.${query.id}`,
      ItemKey: query.itemKey,
      Status: query.status,
      Rule: query.rule ?? undefined,
      OpenedAt: query.openedAt,
      ClosedAt: query.closedAt ?? undefined,
    },
    query.messages.map((message) =>
      textEl(ns('Message'), message.text, {
        Kind: message.kind,
        UserOID: userOid(message.username),
        DateTimeStamp: message.at,
      }),
    ),
  );
}

/** A tube drawn at a visit and its aliquots, with where each is stored; never a lab value. */
export interface OdmSample {
  barcode: string;
  visit: string;
  tubeType: string;
  status: string;
  drawnAt: string | null;
  aliquots: readonly {
    barcode: string;
    sampleType: string;
    volumeMicroliters: number | null;
    status: string;
    /** Freezer / rack / box / position, as far as known; null when not in a box. */
    position: string | null;
  }[];
}

export function sampleElement(sample: OdmSample): XmlElement {
  return el(
    ns('Sample'),
    {
      Barcode: sample.barcode,
      Visit: sample.visit,
      TubeType: sample.tubeType,
      Status: sample.status,
      DrawnAt: sample.drawnAt ?? undefined,
    },
    sample.aliquots.map((aliquot) =>
      el(ns('Aliquot'), {
        Barcode: aliquot.barcode,
        SampleType: aliquot.sampleType,
        VolumeMicroliters: aliquot.volumeMicroliters ?? undefined,
        Status: aliquot.status,
        Position: aliquot.position ?? undefined,
      }),
    ),
  );
}
