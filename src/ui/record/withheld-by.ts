// The resource types the sensitivity policy reads (src/context/withheld-resources.ts): a medication, allergy,
// result or chart point is withheld when it points at a sensitive condition or was recorded at a sensitive visit.
// A part of the view shows such entries only once these are in, so nothing appears and then vanishes.
export const WITHHELD_BY: readonly string[] = ['Condition', 'Encounter'];
