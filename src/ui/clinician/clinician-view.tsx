// The clinician's view of one patient, loaded lazily after the launch: record load progress, Suggestions, Risk
// (the pipeline's scores, beside them), Trends and Record. The hooks do the work (follow the record load, build
// the clinical context, run the rules, stream the model's suggestions, keep the clinician's decisions); the
// panels only render what they are given. Record and Trends show each part as its sections arrive; Suggestions
// and Risk wait for the whole record.
import { useDeferredValue, useMemo } from 'react';
import { buildClinicalContext } from '../../context/clinical-context.ts';
import type { Finding } from '../../reasoning/finding.ts';
import type { SmartSession } from '../../smart/launch.ts';
import { createResourceLookup } from '../evidence/describe-resource.ts';
import { LoadProgress } from '../record/load-progress.tsx';
import { RecordPanel } from '../record/record-panel.tsx';
import { RiskPanel } from '../risk/risk-panel.tsx';
import { SuggestionsPanel } from '../suggestions/suggestions-panel.tsx';
import { TrendsPanel } from '../trends/trends-panel.tsx';
import { suggestionsForView } from './finding-engine.ts';
import type { RecordLoadStore } from './record-load-store.ts';
import { apiCredentials } from './session-credentials.ts';
import { isHiddenBy, useFeedback } from './use-feedback.ts';
import { useRecordLoad } from './use-record-load.ts';
import { useSuggestions } from './use-suggestions.ts';

export interface ClinicianViewProps {
  readonly session: SmartSession;
  readonly nowMs: number;
  /** The session's record load, started before this view rendered (session-page.tsx). */
  readonly recordLoad: RecordLoadStore;
}

const NO_RETRIES: ReadonlySet<never> = new Set();
const NO_FINDINGS: readonly Finding[] = [];

export function ClinicianView({ session, nowMs, recordLoad }: ClinicianViewProps) {
  const credentials = useMemo(() => apiCredentials(session, window.location.origin), [session]);
  const { state, retrySection, reload } = useRecordLoad(recordLoad);
  const load = state.status === 'loaded' ? state.load : undefined;
  // Rebuilt as sections arrive (a few ms for a whole record), for the Record parts already done.
  // The entered-in-error keys arrive with the whole record: a reference to one of those is no gap (the Record
  // panel shows gaps only then). The server URL makes absolute references to it count as its own.
  const excludedEnteredInError = load?.diagnostics.excludedEnteredInErrorKeys;
  const contextSoFar = useMemo(
    () =>
      buildClinicalContext(state.record, {
        nowMs,
        fhirBaseUrl: session.serverUrl,
        ...(excludedEnteredInError === undefined ? {} : { excludedEnteredInError }),
      }),
    [state.record, nowMs, session.serverUrl, excludedEnteredInError],
  );
  // Rules and the model see the whole record only: a care-gap rule run on half a record raises false gaps.
  const context = load === undefined ? undefined : contextSoFar;
  // The charts (and their chunk) come after the first paint of the suggestions: a clinician reads those first.
  const charted = useDeferredValue(state);
  const record = load?.record;
  const feedback = useFeedback(credentials);
  // The rules read the whole record as loaded; the model gets only the policy-filtered context.
  const suggestions = useSuggestions(record, context, credentials);

  const { guidelines, modelFindings } = suggestions;
  // Evidence the sensitivity policy withholds is shown as withheld, never as what it says.
  const isWithheld = guidelines?.pipeline.isWithheldEvidence;
  const lookup = useMemo(
    () =>
      record === undefined || isWithheld === undefined
        ? undefined
        : createResourceLookup(record, { isWithheld }),
    [record, isWithheld],
  );
  const { decisions } = feedback;
  const { ranked, hidden } = useMemo(
    () =>
      guidelines === undefined || lookup === undefined
        ? { ranked: undefined, hidden: NO_FINDINGS }
        : suggestionsForView(guidelines, modelFindings, (finding) =>
            isHiddenBy(decisions.get(finding.id), nowMs),
          ),
    [guidelines, modelFindings, decisions, lookup, nowMs],
  );

  return (
    <div className="clinician-view">
      <nav className="jump-links" aria-label="Parts of this view">
        <a href="#suggestions">Suggestions</a>
        <a href="#risk">Risk</a>
        <a href="#trends">Trends</a>
        <a href="#record">Record</a>
      </nav>
      <LoadProgress progress={state.progress} diagnostics={load?.diagnostics} />
      {state.status === 'failed' ? (
        <div className="section-failed" role="alert">
          <p>
            <strong>The record could not be loaded:</strong> {state.message}
          </p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      ) : null}
      <div className="view-grid">
        <SuggestionsPanel
          ranked={ranked}
          hidden={hidden}
          model={suggestions.model}
          withheld={suggestions.withheld}
          decisionsStatus={feedback.status}
          feedback={feedback}
          lookup={lookup}
          nowMs={nowMs}
          onAskModelAgain={suggestions.askAgain}
          suppressedAfterDeath={guidelines?.suppressedAfterDeath ?? 0}
        />
        <RiskPanel
          scores={guidelines?.pipeline.riskScores}
          deceased={guidelines?.deceased ?? false}
          lookup={lookup}
        />
        <TrendsPanel
          record={charted.record}
          done={charted.done}
          stopped={charted.status === 'failed'}
          nowMs={nowMs}
        />
        <RecordPanel
          context={contextSoFar}
          done={state.done}
          stopped={state.status === 'failed'}
          diagnostics={load?.diagnostics}
          retrying={state.status === 'loaded' ? state.retrying : NO_RETRIES}
          onRetry={retrySection}
        />
      </div>
    </div>
  );
}
