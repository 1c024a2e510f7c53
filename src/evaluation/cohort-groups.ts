// The groups a patient of a cohort is counted in: sex, race and ethnicity (US Core extensions, OMB
// categories) and age band at the date seen. Pure: a missing or unreadable value is the group 'unknown'.
import type { Patient } from 'fhir/r4';

export const GROUP_ATTRIBUTES = ['sex', 'race', 'ethnicity', 'ageBand'] as const;
export type GroupAttribute = (typeof GROUP_ATTRIBUTES)[number];
export type CohortGroups = Readonly<Record<GroupAttribute, string>>;

export const UNKNOWN_GROUP = 'unknown';

const US_CORE_RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
const US_CORE_ETHNICITY = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity';

/** OMB race categories (CDC Race & Ethnicity code system, urn:oid:2.16.840.1.113883.6.238). */
export const RACE_LABELS: Readonly<Record<string, string>> = {
  '2106-3': 'White',
  '2054-5': 'Black or African American',
  '2028-9': 'Asian',
  '1002-5': 'American Indian or Alaska Native',
  '2076-8': 'Native Hawaiian or Other Pacific Islander',
  '2131-1': 'Other Race',
};

export const ETHNICITY_LABELS: Readonly<Record<string, string>> = {
  '2135-2': 'Hispanic or Latino',
  '2186-5': 'Not Hispanic or Latino',
};

/** Age bands, each from its lower bound (years) up to the next one's. */
const AGE_BANDS: readonly { readonly from: number; readonly label: string }[] = [
  { from: 80, label: '80+' },
  { from: 65, label: '65–79' },
  { from: 40, label: '40–64' },
  { from: 18, label: '18–39' },
  { from: 0, label: '0–17' },
];

function ombCodes(patient: Patient | undefined, url: string): string[] {
  return (patient?.extension ?? [])
    .filter((extension) => extension.url === url)
    .flatMap((extension) => extension.extension ?? [])
    .flatMap((part) =>
      part.url === 'ombCategory' && part.valueCoding?.code !== undefined ? [part.valueCoding.code] : [],
    );
}

/** The label of the first known OMB category of an extension, or 'unknown'. */
function labelOf(
  patient: Patient | undefined,
  url: string,
  labels: Readonly<Record<string, string>>,
): string {
  for (const code of ombCodes(patient, url)) {
    const label = Object.hasOwn(labels, code) ? labels[code] : undefined;
    if (label !== undefined) return label;
  }
  return UNKNOWN_GROUP;
}

export function raceGroupOf(patient: Patient | undefined): string {
  return labelOf(patient, US_CORE_RACE, RACE_LABELS);
}

export function ethnicityGroupOf(patient: Patient | undefined): string {
  return labelOf(patient, US_CORE_ETHNICITY, ETHNICITY_LABELS);
}

/** Whole years from a YYYY[-MM[-DD]] birth date to `nowMs`, or undefined when unreadable. */
export function ageYearsAt(birthDate: string | undefined, nowMs: number): number | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate ?? '');
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2] ?? '1');
  const day = Number(match[3] ?? '1');
  const now = new Date(nowMs);
  const hadBirthday =
    now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  const age = now.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
  return age < 0 ? undefined : age;
}

export function ageBandOf(ageYears: number | undefined): string {
  if (ageYears === undefined) return UNKNOWN_GROUP;
  return AGE_BANDS.find((band) => ageYears >= band.from)?.label ?? UNKNOWN_GROUP;
}

export function cohortGroupsOf(patient: Patient | undefined, nowMs: number): CohortGroups {
  return {
    sex: patient?.gender ?? UNKNOWN_GROUP,
    race: raceGroupOf(patient),
    ethnicity: ethnicityGroupOf(patient),
    ageBand: ageBandOf(ageYearsAt(patient?.birthDate, nowMs)),
  };
}
