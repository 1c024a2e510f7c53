// The words the suggestion cards use for categories, urgencies, sources and dismissal reasons.
import type { FindingSource } from '../../reasoning/finding.ts';
import type { SuggestionCategory, SuggestionUrgency } from '../../reasoning/suggestion-schema.ts';
import type { DismissReason } from '../../api-contract/feedback-contract.ts';

export const CATEGORY_LABELS: Readonly<Record<SuggestionCategory, string>> = {
  'care-gap': 'Care gap',
  'medication-safety': 'Medication safety',
  'lab-follow-up': 'Lab follow-up',
  'diagnostic-consideration': 'Diagnostic consideration',
};

export const URGENCY_LABELS: Readonly<Record<SuggestionUrgency, string>> = {
  urgent: 'Urgent',
  soon: 'Soon',
  routine: 'Routine',
};

export const DISMISS_REASON_LABELS: Readonly<Record<DismissReason, string>> = {
  'not-relevant': 'Not relevant',
  'already-addressed': 'Already addressed',
  incorrect: 'Incorrect',
  other: 'Other',
};

/** "Guideline: KDIGO 2024" or "AI model: gpt-4o-mini". */
export function sourceLabel(source: FindingSource): string {
  switch (source.kind) {
    case 'guideline':
      return `Guideline: ${source.guideline} ${source.year}`;
    case 'model':
      return `AI model: ${source.deployment}`;
  }
}
