// The clinician's view of one patient, loaded lazily after the launch: record load progress, Suggestions,
// Trends and Record. The hooks do the work (load the record, build the clinical context, run the rules, stream
// the model's suggestions, keep the clinician's decisions); the panels only render what they are given.
import { useDeferredValue, useMemo } from 'react';
import { buildClinicalContext } from '../../context/clinical-context.ts';
import type { Finding } from '../../reasoning/finding.ts';
import type { SmartSession } from '../../smart/launch.ts';
import { createResourceLookup } from '../evidence/describe-resource.ts';
import { LoadProgress } from '../record/load-progress.tsx';
import { RecordPanel } from '../record/record-panel.tsx';
import { SuggestionsPanel } from '../suggestions/suggestions-panel.tsx';
import { TrendsPanel } from '../trends/trends-panel.tsx';
import { mergeAll, rankAll } from './finding-engine.ts';
import { apiCredentials } from './session-credentials.ts';
import { isHiddenBy, useFeedback } from './use-feedback.ts';
import { useRecordLoad } from './use-record-load.ts';
import { useSuggestions } from './use-suggestions.ts';

export interface ClinicianViewProps {
  readonly session: SmartSession;
  readonly nowMs: number;
  /** The EHR stopped accepting the session's token: the page shows the relaunch screen. */
  readonly onSessionExpired: (message: string) => void;
}

const NO_RETRIES: ReadonlySet<never> = new Set();

export function ClinicianView({ session, nowMs, onSessionExpired }: ClinicianViewProps) {
  const credentials = useMemo(() => apiCredentials(session, window.location.origin), [session]);
  const { state, retrySection, reload } = useRecordLoad(session, onSessionExpired);
  const load = state.status === 'loaded' ? state.load : undefined;
  const record = load?.record;
  const context = useMemo(
    () => (record === undefined ? undefined : buildClinicalContext(record, { nowMs })),
    [record, nowMs],
  );
  // The charts (and their chunk) come after the first paint of the suggestions: a clinician reads those first.
  const chartedRecord = useDeferredValue(record);
  const lookup = useMemo(() => (record === undefined ? undefined : createResourceLookup(record)), [record]);
  const feedback = useFeedback(credentials);
  const suggestions = useSuggestions(context, nowMs, credentials);

  const { guidelines, modelFindings } = suggestions;
  const { decisions } = feedback;
  const { ranked, hidden } = useMemo(() => {
    if (guidelines === undefined || lookup === undefined)
      return { ranked: undefined, hidden: [] as Finding[] };
    const all = mergeAll(guidelines.findings, modelFindings);
    const hiddenFindings = all.filter((finding) => isHiddenBy(decisions.get(finding.id), nowMs));
    const shown = all.filter((finding) => !hiddenFindings.includes(finding));
    return { ranked: rankAll(shown, lookup, nowMs), hidden: hiddenFindings };
  }, [guidelines, modelFindings, decisions, lookup, nowMs]);

  return (
    <div className="clinician-view">
      <nav className="jump-links" aria-label="Parts of this view">
        <a href="#suggestions">Suggestions</a>
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
        <TrendsPanel record={chartedRecord} nowMs={nowMs} />
        <RecordPanel
          context={context}
          diagnostics={load?.diagnostics}
          retrying={state.status === 'loaded' ? state.retrying : NO_RETRIES}
          onRetry={retrySection}
        />
      </div>
    </div>
  );
}
