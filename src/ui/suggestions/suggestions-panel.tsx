// The Suggestions region: ranked cards (at most five, the rest behind "show more"), where they come from, how
// many model suggestions the grounding checks withheld, and a plain statement that they are secondary to the
// clinician's judgment. Dismissed and snoozed suggestions are hidden, with a toggle to see them. For a patient
// the record shows has died there are none, and the region says why instead.
import { useEffect, useMemo, useState } from 'react';
import type { SourceRef } from '../../context/context-types.ts';
import type { Finding } from '../../reasoning/finding.ts';
import type { RankedFindings } from '../clinician/finding-engine.ts';
import type { DecisionsState, FeedbackHandle } from '../clinician/use-feedback.ts';
import type { ModelStatus } from '../clinician/use-suggestions.ts';
import { EvidenceDrawer } from '../evidence/evidence-drawer.tsx';
import { plural } from '../format.ts';
import type { ResourceLookup } from '../evidence/describe-resource.ts';
import { SuggestionCard } from './suggestion-card.tsx';

export interface SuggestionsPanelProps {
  /** Undefined until the rules have run over the loaded record. */
  readonly ranked: RankedFindings | undefined;
  readonly hidden: readonly Finding[];
  readonly model: ModelStatus;
  readonly withheld: number;
  readonly decisionsStatus: DecisionsState;
  readonly feedback: FeedbackHandle;
  readonly lookup: ResourceLookup | undefined;
  readonly nowMs: number;
  readonly onAskModelAgain: () => void;
  /** Guideline findings not raised because the record shows the patient has died. */
  readonly suppressedAfterDeath: number;
}

function modelLine(model: ModelStatus, suppressedAfterDeath: number): string {
  switch (model.state) {
    case 'waiting':
      return 'The AI model is asked once the record has loaded.';
    case 'asking':
      return model.deployment === undefined
        ? 'Asking the AI model…'
        : `AI model ${model.deployment} is reviewing the record…`;
    case 'done':
      return `AI model: ${model.deployment}. Its suggestions are checked against the record before they are shown.`;
    case 'off':
      return 'AI model off — showing guideline checks only';
    case 'not-asked': {
      const rules =
        suppressedAfterDeath === 0
          ? 'no guideline check is raised'
          : `${plural(suppressedAfterDeath, 'guideline check is', 'guideline checks are')} not raised`;
      return `The record shows that this patient has died, so Chartside raises no suggestions: the AI model is not asked, and ${rules}.`;
    }
    case 'failed':
      return `AI model unavailable (${model.message}) — showing guideline checks only`;
  }
}

export function SuggestionsPanel({
  ranked,
  hidden,
  model,
  withheld,
  decisionsStatus,
  feedback,
  lookup,
  nowMs,
  onAskModelAgain,
  suppressedAfterDeath,
}: SuggestionsPanelProps) {
  const [showMore, setShowMore] = useState(false);
  const [showHidden, setShowHidden] = useState(false);
  const [drawer, setDrawer] = useState<{ finding: Finding; focus: SourceRef }>();
  const { markShown } = feedback;

  const visible = useMemo(
    () => (ranked === undefined ? [] : showMore ? [...ranked.shown, ...ranked.more] : ranked.shown),
    [ranked, showMore],
  );
  useEffect(() => {
    // Sent once per suggestion and launch (the hook remembers): what was on screen, for how often each is seen.
    if (visible.length > 0) markShown(visible.map((finding) => ({ id: finding.id, origin: finding.origin })));
  }, [visible, markShown]);

  const card = (finding: Finding) =>
    lookup === undefined ? null : (
      <li key={finding.id}>
        <SuggestionCard
          finding={finding}
          decision={feedback.decisions.get(finding.id)}
          lookup={lookup}
          nowMs={nowMs}
          onOpenEvidence={(opened, focus) => {
            setDrawer({ finding: opened, focus });
          }}
          onAccept={(target) => {
            feedback.accept({ id: target.id, origin: target.origin });
          }}
          onDismiss={(target, reason, text) => {
            feedback.dismiss({ id: target.id, origin: target.origin }, reason, text);
          }}
          onSnooze={(target, untilMs) => {
            feedback.snooze({ id: target.id, origin: target.origin }, untilMs);
          }}
        />
      </li>
    );

  const modelOn =
    model.state === 'asking' ||
    model.state === 'done' ||
    (model.state === 'failed' && model.deployment !== undefined);
  const deceased = model.state === 'not-asked';

  return (
    <section className="panel suggestions-panel" aria-labelledby="suggestions-heading" id="suggestions">
      <h2 id="suggestions-heading">Suggestions</h2>
      <p className="judgment-note">
        Suggestions are prompts to check, not orders. They are secondary to your clinical judgment and may
        miss what is only in notes or outside this record.
      </p>
      <div className="model-status" role="status" aria-live="polite">
        <p data-model-state={model.state} className={deceased ? 'notice' : undefined}>
          {modelLine(model, suppressedAfterDeath)}
        </p>
        {modelOn ? (
          <p className="withheld-count" data-withheld={withheld}>
            {withheld === 1
              ? '1 AI suggestion withheld: it did not match the record.'
              : `${withheld} AI suggestions withheld by the grounding checks (they did not match the record).`}
          </p>
        ) : null}
      </div>
      {model.state === 'failed' ? (
        <button type="button" className="button-quiet" onClick={onAskModelAgain}>
          {model.retryAfterSeconds === undefined
            ? 'Ask the AI model again'
            : `Ask again (after ${model.retryAfterSeconds} s)`}
        </button>
      ) : null}
      {decisionsStatus.status === 'unavailable' ? (
        <p className="notice">
          Your earlier decisions could not be read ({decisionsStatus.message}): suggestions you dismissed
          before may show again.
        </p>
      ) : null}
      {feedback.saveError === undefined ? null : (
        <p className="notice" role="alert">
          Your last decision could not be saved ({feedback.saveError}). It applies on this screen only.
        </p>
      )}

      {deceased ? null : ranked === undefined || decisionsStatus.status === 'loading' ? (
        <p className="placeholder" aria-busy="true">
          Checking the record against the guidelines…
        </p>
      ) : visible.length === 0 ? (
        <p className="placeholder">
          No suggestions for this patient{hidden.length > 0 ? ' besides the ones you set aside' : ''}.
        </p>
      ) : (
        <ol className="suggestion-list" aria-label="Ranked suggestions">
          {visible.map(card)}
        </ol>
      )}

      {ranked !== undefined && ranked.more.length > 0 ? (
        <button
          type="button"
          className="button-quiet"
          aria-expanded={showMore}
          onClick={() => {
            setShowMore(!showMore);
          }}
        >
          {showMore ? 'Show the top 5 only' : `Show ${ranked.more.length} more`}
        </button>
      ) : null}

      {hidden.length > 0 ? (
        <div className="hidden-suggestions">
          <label className="toggle">
            <input
              type="checkbox"
              checked={showHidden}
              onChange={(event) => {
                setShowHidden(event.target.checked);
              }}
            />
            Show dismissed and snoozed ({hidden.length})
          </label>
          {showHidden ? (
            <ol className="suggestion-list is-hidden-list" aria-label="Dismissed and snoozed suggestions">
              {hidden.map(card)}
            </ol>
          ) : null}
        </div>
      ) : null}

      {drawer !== undefined && lookup !== undefined ? (
        <EvidenceDrawer
          title={drawer.finding.title}
          evidence={drawer.finding.evidence}
          focus={drawer.focus}
          lookup={lookup}
          onClose={() => {
            setDrawer(undefined);
          }}
        />
      ) : null}
    </section>
  );
}
