// What the clinician is shown: one suggestion, from a guideline rule or from the model (after grounding),
// with the chart evidence behind it. Rules, the model path, ranking, the CLI and the UI all speak this type.
import type { SourceRef } from '../context/context-types.ts';
import type { SuggestionCategory, SuggestionUrgency } from './suggestion-schema.ts';

export type FindingOrigin = 'rules' | 'model';

export type FindingSource =
  /** A guideline rule: the guideline and its year, e.g. KDIGO 2024. */
  | { readonly kind: 'guideline'; readonly guideline: string; readonly year: number }
  /** A model suggestion that passed grounding; `deployment` names the Azure deployment. */
  | { readonly kind: 'model'; readonly deployment: string };

export interface Finding {
  /**
   * Stable for the same patient and the same situation across launches, so a dismissal sticks: a rule
   * finding's id is its rule id plus a qualifier when one rule can fire more than once (e.g.
   * `metformin-egfr:stop`); a model finding's id is derived from its category and cited resources.
   */
  readonly id: string;
  readonly origin: FindingOrigin;
  readonly title: string;
  readonly category: SuggestionCategory;
  readonly urgency: SuggestionUrgency;
  /** One or two sentences; the first is the one-line rationale the card shows. */
  readonly rationale: string;
  readonly recommendedAction: string;
  /** The resources the finding rests on (never empty for a shown finding). */
  readonly evidence: readonly SourceRef[];
  readonly source: FindingSource;
  /** Scores the finding was decided on (a rule's 10-year risk, CHA2DS2-VASc), shown on the card with their source. */
  readonly scores?: readonly CitedScore[];
}

/** A computed score a finding rests on, as the card shows it: "10-year ASCVD risk (Pooled Cohort Equations) 12.3 %". */
export interface CitedScore {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** The publication. */
  readonly source: string;
}

/** A rule that had too little data to decide: reported on our side, never shown as a finding. */
export interface InsufficientData {
  readonly ruleId: string;
  readonly missing: string;
}

/** A rule that applies to the patient but was not raised, and why ("bilateral mastectomy 8.0 years ago"). */
export interface NotRaised {
  readonly ruleId: string;
  readonly reason: string;
  readonly evidence: readonly SourceRef[];
}
