// The cohort report of `chartside evaluate`, built one patient at a time: counts of patients per group, and
// per rule how many patients it fired for (overall and in each group) and how many it lacked data for. Only
// counts are kept: no patient identifier reaches the report. Pure.
import type { GuidelineFindings } from '../reasoning/findings-pipeline.ts';
import { GROUP_ATTRIBUTES, type CohortGroups, type GroupAttribute } from './cohort-groups.ts';
import { rateRatio } from './rate-ratio.ts';

/** The rule a finding or an insufficient-data entry comes from: its id up to the first ':'. */
export function ruleIdOf(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : id.slice(0, colon);
}

/** The rules that fired for a patient and the rules that lacked data, each once. */
export function rulesOfPatient(result: Pick<GuidelineFindings, 'findings' | 'insufficient'>): {
  readonly fired: ReadonlySet<string>;
  readonly insufficient: ReadonlySet<string>;
} {
  return {
    fired: new Set(result.findings.map((finding) => ruleIdOf(finding.id))),
    insufficient: new Set(result.insufficient.map((entry) => ruleIdOf(entry.ruleId))),
  };
}

export interface GroupRuleJson {
  readonly patients: number;
  readonly fired: number;
  readonly rate: number;
  readonly rateRatio: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly flagged: boolean;
}

export interface RuleReportJson {
  readonly rule: string;
  readonly fired: number;
  readonly rate: number;
  readonly insufficient: number;
  readonly byGroup: Readonly<Record<GroupAttribute, Readonly<Record<string, GroupRuleJson>>>>;
}

export interface EvaluationReportJson {
  readonly patients: number;
  /** 'last-activity' or the YYYY-MM-DD every patient was seen on. */
  readonly now: string;
  readonly groups: Readonly<Record<GroupAttribute, Readonly<Record<string, { readonly patients: number }>>>>;
  readonly rules: readonly RuleReportJson[];
  readonly timing: { readonly ms: number; readonly patientsPerSecond: number; readonly peakRssMb: number };
}

type GroupCounts = Record<GroupAttribute, Map<string, number>>;

function emptyGroupCounts(): GroupCounts {
  return { sex: new Map(), race: new Map(), ethnicity: new Map(), ageBand: new Map() };
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export interface ReportTiming {
  readonly ms: number;
  readonly peakRssMb: number;
}

/** Counts patients as they are added; `build` gives the report. */
export class EvaluationReportBuilder {
  #patients = 0;
  readonly #groups = emptyGroupCounts();
  readonly #fired = new Map<string, number>();
  readonly #firedByGroup = new Map<string, GroupCounts>();
  readonly #insufficient = new Map<string, number>();

  add(
    groups: CohortGroups,
    rules: { readonly fired: ReadonlySet<string>; readonly insufficient: ReadonlySet<string> },
  ): void {
    this.#patients += 1;
    for (const attribute of GROUP_ATTRIBUTES) increment(this.#groups[attribute], groups[attribute]);
    for (const rule of rules.fired) {
      increment(this.#fired, rule);
      let byGroup = this.#firedByGroup.get(rule);
      if (byGroup === undefined) {
        byGroup = emptyGroupCounts();
        this.#firedByGroup.set(rule, byGroup);
      }
      for (const attribute of GROUP_ATTRIBUTES) increment(byGroup[attribute], groups[attribute]);
    }
    for (const rule of rules.insufficient) increment(this.#insufficient, rule);
  }

  get patients(): number {
    return this.#patients;
  }

  build(now: string, timing: ReportTiming): EvaluationReportJson {
    const total = this.#patients;
    const ruleIds = [...new Set([...this.#fired.keys(), ...this.#insufficient.keys()])].sort();
    const rules = ruleIds.map((rule): RuleReportJson => {
      const fired = this.#fired.get(rule) ?? 0;
      const firedByGroup = this.#firedByGroup.get(rule) ?? emptyGroupCounts();
      const byGroupEntries = GROUP_ATTRIBUTES.map((attribute) => {
        const groups = new Map<string, GroupRuleJson>();
        for (const [group, patients] of this.#groups[attribute]) {
          const groupFired = firedByGroup[attribute].get(group) ?? 0;
          const ratio = rateRatio(groupFired, patients, fired, total);
          groups.set(group, {
            patients,
            fired: groupFired,
            rate: groupFired / patients,
            rateRatio: ratio.rateRatio,
            ci95: ratio.ci95,
            flagged: ratio.flagged,
          });
        }
        return [attribute, sortedRecord(groups)] as const;
      });
      return {
        rule,
        fired,
        rate: total === 0 ? 0 : fired / total,
        insufficient: this.#insufficient.get(rule) ?? 0,
        byGroup: Object.fromEntries(byGroupEntries) as RuleReportJson['byGroup'],
      };
    });
    const groups = Object.fromEntries(
      GROUP_ATTRIBUTES.map((attribute) => [
        attribute,
        Object.fromEntries(
          Object.entries(sortedRecord(this.#groups[attribute])).map(([group, patients]) => [
            group,
            { patients },
          ]),
        ),
      ]),
    ) as EvaluationReportJson['groups'];
    return {
      patients: total,
      now,
      groups,
      rules,
      timing: {
        ms: Math.round(timing.ms),
        patientsPerSecond: timing.ms <= 0 ? 0 : Math.round((total / (timing.ms / 1000)) * 10) / 10,
        peakRssMb: Math.round(timing.peakRssMb * 10) / 10,
      },
    };
  }
}

/** The flagged rule/group pairs of a report, strongest departure from parity first. */
export function flaggedPairs(report: EvaluationReportJson): {
  readonly rule: string;
  readonly attribute: GroupAttribute;
  readonly group: string;
  readonly entry: GroupRuleJson;
}[] {
  const pairs = report.rules.flatMap((rule) =>
    GROUP_ATTRIBUTES.flatMap((attribute) =>
      Object.entries(rule.byGroup[attribute])
        .filter(([, entry]) => entry.flagged)
        .map(([group, entry]) => ({ rule: rule.rule, attribute, group, entry })),
    ),
  );
  const distance = (entry: GroupRuleJson): number => Math.abs(Math.log(entry.rateRatio ?? 1));
  return pairs.sort((a, b) => distance(b.entry) - distance(a.entry));
}
