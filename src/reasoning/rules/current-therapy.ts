// Drug therapy the patient is on, as more than one rule and the risk scores ask about it.
import { STATIN_THERAPY } from '../../terminology/clinical-concepts.ts';
import { STATINS } from '../../terminology/medication-codes.ts';
import type { SourceRef } from '../../context/context-types.ts';
import { anyCodingInConcept } from '../../terminology/value-set.ts';
import { isDone, yearsInDays } from './rule-events.ts';
import { medicationsWith, type RuleView } from './rule-view.ts';

/**
 * A statin on the medication list, or ordered or taken in the last year (CMS347 counts a completed order in the
 * year as treated): by the eCQM statin value sets' RxNorm codes or a statin's name.
 */
export function onStatin(view: RuleView): boolean {
  return statinTherapySource(view) !== undefined;
}

/** The medication entry that shows statin therapy (see onStatin), for citing it. */
export function statinTherapySource(view: RuleView): SourceRef | undefined {
  const listed = medicationsWith(view, STATINS)[0];
  if (listed !== undefined) return listed.source;
  const year = yearsInDays(view, 1);
  return view.events.find(
    (event) =>
      (event.source.resourceType === 'MedicationRequest' ||
        event.source.resourceType === 'MedicationStatement') &&
      isDone(event) &&
      (event.status === 'active' || (event.startDaysAgo !== undefined && event.startDaysAgo < year)) &&
      (anyCodingInConcept(event.codes, STATIN_THERAPY) ||
        [...STATINS].some((statin) => event.name.toLowerCase().includes(statin))),
  )?.source;
}
