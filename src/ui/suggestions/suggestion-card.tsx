// One suggestion: what kind, how urgent, where it comes from, one line of why, the evidence it cites, and what
// the clinician can do with it. Model text is rendered as text, never as HTML.
import { useId, useState } from 'react';
import type { SourceRef } from '../../context/context-types.ts';
import type { CitedScore, Finding } from '../../reasoning/finding.ts';
import type { DismissReason } from '../../api-contract/feedback-contract.ts';
import type { Decision } from '../clinician/use-feedback.ts';
import type { ResourceLookup } from '../evidence/describe-resource.ts';
import { firstSentence, formatDate } from '../format.ts';
import { unitLabel } from '../risk/risk-labels.ts';
import { DismissForm } from './dismiss-form.tsx';
import { CATEGORY_LABELS, DISMISS_REASON_LABELS, URGENCY_LABELS, sourceLabel } from './suggestion-labels.ts';

const DAY_MS = 86_400_000;
const SNOOZE_CHOICES: readonly { readonly label: string; readonly days: number }[] = [
  { label: '1 week', days: 7 },
  { label: '1 month', days: 30 },
  { label: '3 months', days: 91 },
];

/** In place of the rationale of a finding that cites evidence the sensitivity policy withholds. */
export const WITHHELD_RATIONALE =
  'This check rests on a record entry in a sensitive category, which Chartside does not show. See the chart in the EHR.';

/** "10-year ASCVD risk (Pooled Cohort Equations) 43.1 %": a score as the finding cites it. */
function citedScoreText(score: CitedScore): string {
  return `${score.label} ${String(Math.round(score.value * 10) / 10)} ${unitLabel(score.unit)}`;
}

export interface SuggestionCardProps {
  readonly finding: Finding;
  readonly decision: Decision | undefined;
  readonly lookup: ResourceLookup;
  readonly nowMs: number;
  readonly onOpenEvidence: (finding: Finding, focus: SourceRef) => void;
  readonly onAccept: (finding: Finding) => void;
  readonly onDismiss: (finding: Finding, reason: DismissReason, reasonText: string | null) => void;
  readonly onSnooze: (finding: Finding, untilMs: number) => void;
}

type Panel = 'none' | 'dismiss' | 'snooze';

export function SuggestionCard({
  finding,
  decision,
  lookup,
  nowMs,
  onOpenEvidence,
  onAccept,
  onDismiss,
  onSnooze,
}: SuggestionCardProps) {
  const titleId = useId();
  const [panel, setPanel] = useState<Panel>('none');
  const accepted = decision?.action === 'accepted';
  const hiddenDecision = decision?.action === 'dismissed' || decision?.action === 'snoozed';
  // A rule finding's rationale names what it cites and when ("the last screening test on record is … 12 years
  // ago"): for evidence the sensitivity policy withholds, that is the withheld content, so it is not shown.
  const citesWithheld = finding.evidence.some((source) => lookup(source).withheld === true);
  const rationale = citesWithheld ? WITHHELD_RATIONALE : finding.rationale;

  return (
    <article
      className={`suggestion-card urgency-${finding.urgency}`}
      aria-labelledby={titleId}
      data-finding-id={finding.id}
      data-origin={finding.origin}
    >
      <p className="suggestion-meta">
        <span className="chip category">{CATEGORY_LABELS[finding.category]}</span>
        <span className={`chip urgency urgency-${finding.urgency}`}>{URGENCY_LABELS[finding.urgency]}</span>
        <span className={`chip source source-${finding.source.kind}`}>{sourceLabel(finding.source)}</span>
      </p>
      <h3 id={titleId} className="suggestion-title">
        {finding.title}
      </h3>
      <p className="suggestion-rationale">{firstSentence(rationale)}</p>
      {finding.scores === undefined || finding.scores.length === 0 ? null : (
        <p className="suggestion-scores">
          {finding.scores.length === 1 ? 'Score used: ' : 'Scores used: '}
          {finding.scores.map((score, index) => (
            <span key={score.id} data-score-id={score.id} title={score.source}>
              {index > 0 ? '; ' : ''}
              {citedScoreText(score)}
            </span>
          ))}
        </p>
      )}
      <details className="suggestion-more">
        <summary>Why, and what to consider</summary>
        <p>{rationale}</p>
        <p>
          <strong>Consider: </strong>
          {finding.recommendedAction}
        </p>
      </details>
      <div className="evidence-chips" role="group" aria-label="Evidence">
        {finding.evidence.map((source) => {
          const item = lookup(source);
          const label = item.value === undefined ? item.what : `${item.what}: ${item.value}`;
          return (
            <button
              key={`${source.resourceType}/${source.id}`}
              type="button"
              className="chip evidence-chip"
              data-source={item.key}
              title={
                item.withheld === true
                  ? 'Withheld by the sensitivity policy'
                  : `${item.kind}, ${item.found ? formatDate(item.whenMs) : 'not loaded'}`
              }
              onClick={() => {
                onOpenEvidence(finding, source);
              }}
            >
              {label}
            </button>
          );
        })}
      </div>
      {accepted ? (
        <p className="decision-note is-accepted" role="status">
          Accepted{decision.earlier ? ' in an earlier session' : ''}.
        </p>
      ) : null}
      {hiddenDecision ? (
        <p className="decision-note">
          {decision.action === 'dismissed'
            ? `Dismissed: ${decision.reason === null ? 'no reason given' : DISMISS_REASON_LABELS[decision.reason].toLowerCase()}.`
            : `Snoozed until ${formatDate(decision.snoozeUntilMs)}.`}
        </p>
      ) : null}
      {!accepted && !hiddenDecision ? (
        <div className="suggestion-actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              onAccept(finding);
            }}
          >
            Accept
          </button>
          <button
            type="button"
            aria-expanded={panel === 'dismiss'}
            onClick={() => {
              setPanel(panel === 'dismiss' ? 'none' : 'dismiss');
            }}
          >
            Dismiss…
          </button>
          <button
            type="button"
            aria-expanded={panel === 'snooze'}
            onClick={() => {
              setPanel(panel === 'snooze' ? 'none' : 'snooze');
            }}
          >
            Snooze…
          </button>
        </div>
      ) : null}
      {panel === 'dismiss' && !hiddenDecision && !accepted ? (
        <DismissForm
          title={finding.title}
          onCancel={() => {
            setPanel('none');
          }}
          onDismiss={(reason, reasonText) => {
            setPanel('none');
            onDismiss(finding, reason, reasonText);
          }}
        />
      ) : null}
      {panel === 'snooze' && !hiddenDecision && !accepted ? (
        <div className="snooze-choices" role="group" aria-label={`Snooze “${finding.title}” for`}>
          {SNOOZE_CHOICES.map((choice) => (
            <button
              key={choice.days}
              type="button"
              onClick={() => {
                setPanel('none');
                onSnooze(finding, nowMs + choice.days * DAY_MS);
              }}
            >
              {choice.label}
            </button>
          ))}
        </div>
      ) : null}
    </article>
  );
}
