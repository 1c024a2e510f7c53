// Clinical concepts as value sets: a concept a rule uses (diabetes, mammography, hospice care) is the union of
// the published eCQM value sets that define it (cited by OID and version) and the codes Chartside adds (Synthea's
// SNOMED CT, ICD-10-CM category prefixes for codes a value set lists one by one). Codes are kept per canonical
// code system (code-systems.ts), as numbers-and-letters only: no CPT descriptors (AMA licence).
import { ECQM_VALUE_SETS } from './ecqm-value-sets.ts';
import { canonicalSystem, SYSTEM_ICD10, SYSTEM_ICD10_CM, SYSTEM_SNOMED } from './code-systems.ts';
import type { ConditionCodes } from './condition-codes.ts';

/** A published value set as stored here: its codes joined by spaces per canonical system (compact to ship). */
export interface EcqmValueSet {
  readonly oid: string;
  readonly name: string;
  readonly version: string;
  readonly codes: Readonly<Record<string, string>>;
}

export interface ValueSetRef {
  readonly oid: string;
  readonly name: string;
  readonly version: string;
}

export interface CodeLike {
  readonly system: string;
  readonly code: string;
}

/**
 * A concept: codes per canonical system, ICD-10-CM prefixes, and the value sets it covers. It is a
 * ConditionCodes too (`snomed`, `icd10Prefixes`), so the condition matchers take it.
 */
export interface ClinicalConcept extends ConditionCodes {
  readonly name: string;
  readonly valueSets: readonly ValueSetRef[];
  readonly codes: ReadonlyMap<string, ReadonlySet<string>>;
}

const VALUE_SETS_BY_OID: ReadonlyMap<string, EcqmValueSet> = new Map(
  ECQM_VALUE_SETS.map((valueSet) => [valueSet.oid, valueSet]),
);

export function ecqmValueSet(oid: string): EcqmValueSet {
  const valueSet = VALUE_SETS_BY_OID.get(oid);
  if (valueSet === undefined) throw new Error(`value set ${oid} is not in ecqm-value-sets.ts`);
  return valueSet;
}

export interface ConceptInit {
  readonly name: string;
  /** OIDs of the eCQM value sets the concept covers. */
  readonly valueSets?: readonly string[];
  /** Codes added to the value sets', per code system. */
  readonly codes?: Readonly<Record<string, readonly string[]>>;
  /** ICD-10-CM codes or category prefixes ("E11" matches E11.9). */
  readonly icd10Prefixes?: readonly string[];
}

export function concept(init: ConceptInit): ClinicalConcept {
  const codes = new Map<string, Set<string>>();
  const add = (system: string, code: string): void => {
    const key = canonicalSystem(system);
    const set = codes.get(key) ?? new Set<string>();
    set.add(code);
    codes.set(key, set);
  };
  const valueSets = (init.valueSets ?? []).map(ecqmValueSet);
  for (const valueSet of valueSets)
    for (const [system, joined] of Object.entries(valueSet.codes))
      for (const code of joined.split(' ')) add(system, code);
  for (const [system, list] of Object.entries(init.codes ?? {})) for (const code of list) add(system, code);
  return {
    name: init.name,
    valueSets: valueSets.map(({ oid, name, version }) => ({ oid, name, version })),
    codes,
    snomed: codes.get(SYSTEM_SNOMED) ?? new Set<string>(),
    icd10Prefixes: init.icd10Prefixes ?? [],
  };
}

/** Several concepts as one (their codes and value sets together). */
export function unionOf(name: string, parts: readonly ClinicalConcept[]): ClinicalConcept {
  const codes = new Map<string, Set<string>>();
  for (const part of parts)
    for (const [system, set] of part.codes)
      codes.set(system, new Set([...(codes.get(system) ?? []), ...set]));
  return {
    name,
    valueSets: parts.flatMap((part) => part.valueSets),
    codes,
    snomed: codes.get(SYSTEM_SNOMED) ?? new Set<string>(),
    icd10Prefixes: [...new Set(parts.flatMap((part) => part.icd10Prefixes))],
  };
}

/** Whether a coding is in the concept: by canonical system and code, or ICD-10(-CM) prefix. */
export function codingInConcept(coding: CodeLike, target: ClinicalConcept): boolean {
  const system = canonicalSystem(coding.system);
  if (target.codes.get(system)?.has(coding.code) === true) return true;
  return (
    (system === SYSTEM_ICD10_CM || system === SYSTEM_ICD10) &&
    target.icd10Prefixes.some((prefix) => coding.code.startsWith(prefix))
  );
}

export function anyCodingInConcept(codings: readonly CodeLike[], target: ClinicalConcept): boolean {
  return codings.some((coding) => codingInConcept(coding, target));
}

/** The concept's codes in one code system (a rule that reads results by LOINC). */
export function codesIn(target: ClinicalConcept, system: string): ReadonlySet<string> {
  return target.codes.get(canonicalSystem(system)) ?? new Set<string>();
}
