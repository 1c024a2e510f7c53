// One findings pipeline: (record, sensitivity policy, date seen) → the guideline findings a clinician sees and an
// auditor reproduces. The clinician view, `chartside suggest`, and later the evaluation and CDS Hooks all call
// computeGuidelineFindings, so they cannot disagree on the same record (issue 11: the app once ran the rules on
// the sensitivity-filtered context and said "Hepatitis C screening due" to a patient whose HCV test sat in a
// withheld prenatal panel, while `chartside suggest` did not).
//
// Rules read the whole record, sensitive categories included: a rule finding stays on this side (like the
// alias map), and a screening done at a withheld visit must still count. The sensitivity policy governs what
// leaves for the model (the caller builds that context with the same policy, see `contextOptionsOf`) and how
// sensitive evidence is shown (`isWithheldEvidence`), not which rules see the data.
//
// Pure: no IO, no clock; the date seen comes in as `nowMs`.
import {
  buildClinicalContext,
  type ClinicalContext,
  type ClinicalContextOptions,
} from '../context/clinical-context.ts';
import type { SourceRef } from '../context/context-types.ts';
import { createResourceIndex } from '../context/fhir-concepts.ts';
import { SENSITIVE_CATEGORIES, type SensitiveCategory } from '../context/sensitive-categories.ts';
import { findWithheldResources } from '../context/withheld-resources.ts';
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';
import type { Finding, InsufficientData, NotRaised } from './finding.ts';
import { rankFindings, type RankedFindings } from './rank-findings.ts';
import { evaluateRuleView, type SuppressedFinding } from './rules/evaluate-rules.ts';
import { buildRuleView, evidenceDaysAgoOf } from './rules/rule-view.ts';
import { computeRiskScores, type PatientRiskScores } from './rules/risk-scores.ts';

/** What may leave for the model, and so what evidence may be shown as what it says. */
export interface SensitivityPolicy {
  /** Sensitive categories let through (default none; see sensitive-categories.ts). */
  readonly includeSensitiveCategories: readonly SensitiveCategory[];
  /** Free text (notes, comments, conclusions) let through, scrubbed. */
  readonly includeFreeText: boolean;
}

/** The app's and `chartside suggest`'s policy: sensitive categories and free text withheld. */
export const DEFAULT_SENSITIVITY_POLICY: SensitivityPolicy = {
  includeSensitiveCategories: [],
  includeFreeText: false,
};

/** The policy a context was built with (its `policy`), to judge evidence by the same one. */
export function sensitivityPolicyOf(context: ClinicalContext): SensitivityPolicy {
  return {
    includeSensitiveCategories: context.policy.includedSensitiveCategories,
    includeFreeText: context.policy.includeFreeText,
  };
}

/** Options for the context the model is given under a policy (the default policy: the default options). */
export function contextOptionsOf(policy: SensitivityPolicy, nowMs: number): ClinicalContextOptions {
  return {
    nowMs,
    includeSensitiveCategories: policy.includeSensitiveCategories,
    includeFreeText: policy.includeFreeText,
  };
}

/** The context the rules read: the whole record as of the date seen (see the header). */
export function buildRulesContext(record: PatientRecord, nowMs: number): ClinicalContext {
  return buildClinicalContext(record, {
    nowMs,
    includeSensitiveCategories: SENSITIVE_CATEGORIES,
    includeEvents: true,
  });
}

export interface GuidelineFindingsInput {
  readonly record: PatientRecord;
  readonly sensitivity: SensitivityPolicy;
  /** The date the patient is seen, epoch ms. */
  readonly nowMs: number;
}

export interface GuidelineFindings {
  readonly nowMs: number;
  /** The rule findings, in rule order (rank them with rankFindingsSeen). */
  readonly findings: readonly Finding[];
  readonly insufficient: readonly InsufficientData[];
  /** Rules that apply but were not raised, and why (hospice care, a bilateral mastectomy): the trace. */
  readonly notRaised: readonly NotRaised[];
  /** The patient's risk scores as of the date seen, each with its inputs and what it is missing (Risk panel). */
  readonly riskScores: PatientRiskScores;
  /** Findings the rules would have raised but did not, because the record shows the patient had died. */
  readonly suppressed: readonly SuppressedFinding[];
  /** The record shows the patient had died by the date seen: nothing is raised and the model is not asked. */
  readonly deceased: boolean;
  /**
   * Days before the date seen of each resource the rules date, from the whole record: the ranking input, the
   * same for rule and model findings (a model cites only resources of the filtered context, a subset).
   */
  readonly evidenceDaysAgo: (source: SourceRef) => number | undefined;
  /**
   * Whether a cited resource is one the policy withholds (a sensitive category not let through, or recorded at
   * such a visit). The finding stands; a display shows that the evidence is withheld, not what it says.
   */
  readonly isWithheldEvidence: (source: SourceRef) => boolean;
}

export function computeGuidelineFindings(input: GuidelineFindingsInput): GuidelineFindings {
  const { record, sensitivity, nowMs } = input;
  const context = buildRulesContext(record, nowMs);
  const view = buildRuleView(context);
  const evaluation = evaluateRuleView(view);

  const index = createResourceIndex(() => listRecordResources(record));
  const withheld = findWithheldResources(record, index, new Set(sensitivity.includeSensitiveCategories));
  const isWithheldEvidence = (source: SourceRef): boolean => {
    const resource = index.resolve({ reference: `${source.resourceType}/${source.id}` });
    return resource !== undefined && withheld.isWithheld(resource);
  };

  return {
    nowMs,
    findings: evaluation.findings,
    insufficient: evaluation.insufficient,
    notRaised: evaluation.notRaised,
    riskScores: computeRiskScores(view),
    suppressed: evaluation.suppressed,
    deceased: evaluation.deceasedAtNow,
    evidenceDaysAgo: evidenceDaysAgoOf(view),
    isWithheldEvidence,
  };
}

/**
 * Findings (rule findings, with any model findings merged in, less any the clinician has hidden) in the order
 * they are shown, ranked with the pipeline's evidence dates: the app's panel and `chartside suggest` agree.
 */
export function rankFindingsSeen(
  guidelines: GuidelineFindings,
  findings: readonly Finding[],
  shownCount?: number,
): RankedFindings {
  return rankFindings(findings, {
    evidenceDaysAgo: guidelines.evidenceDaysAgo,
    ...(shownCount === undefined ? {} : { shownCount }),
  });
}
