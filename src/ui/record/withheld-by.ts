// The record sections the sensitivity policy reads (src/context/withheld-resources.ts): a medication, allergy,
// result or chart point is withheld when it points at a sensitive condition or was recorded at a sensitive visit.
// A part of the view shows such entries only once these are in, so nothing appears and then vanishes.
import type { RecordSectionId } from '../../fhir/record-sections.ts';

export const CONDITION_SECTIONS: readonly RecordSectionId[] = [
  'Condition:problem-list-item',
  'Condition:encounter-diagnosis',
  'Condition:health-concern',
];

export const WITHHELD_BY: readonly RecordSectionId[] = [...CONDITION_SECTIONS, 'Encounter'];
