// The suggestions of one launch: guideline rule findings as soon as the record is loaded (from the whole record,
// through the findings pipeline `chartside suggest` uses too), then model
// suggestions streamed in from the backend, each already grounded there. The model sees only the compact,
// de-identified context (fitted to its budget with the browser's token estimate), never the record. For a
// patient the record shows has died the model is not asked at all, as in `chartside suggest`: the rules raise
// nothing then, and a model's care gaps for a closed record are moot.
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import { renderCompactContext, type CompactContext } from '../../context/compact-context.ts';
import { estimateTokens } from '../../context/token-estimate.ts';
import type { Finding } from '../../reasoning/finding.ts';
import { toErrorMessage } from '../../shared/error-message.ts';
import { ChartsideApiError, streamSuggestions, type ApiCredentials } from '../api/chartside-api.ts';
import { evaluateGuidelineRules, modelFinding, type GuidelineResult } from './finding-engine.ts';

export type ModelStatus =
  /** The record is still loading. */
  | { readonly state: 'waiting' }
  | { readonly state: 'asking'; readonly deployment: string | undefined }
  | { readonly state: 'done'; readonly deployment: string }
  /** No model is configured on the server. */
  | { readonly state: 'off' }
  /** The model is not asked: the record shows the patient has died. */
  | { readonly state: 'not-asked'; readonly reason: 'deceased' }
  | {
      readonly state: 'failed';
      readonly deployment: string | undefined;
      readonly message: string;
      readonly retryAfterSeconds: number | undefined;
    };

export interface SuggestionsHandle {
  /** Undefined until the clinical context exists. */
  readonly guidelines: GuidelineResult | undefined;
  readonly modelFindings: readonly Finding[];
  readonly model: ModelStatus;
  /** Model suggestions the backend's grounding checks withheld. */
  readonly withheld: number;
  readonly askAgain: () => void;
}

const NOT_ASKED_DECEASED: ModelStatus = { state: 'not-asked', reason: 'deceased' };
const NO_FINDINGS: readonly Finding[] = [];

/**
 * `record` is the whole record as loaded (what the rules read); `context` the clinical context built from it
 * under the sensitivity policy, at the date seen (what the model is sent). Both undefined until loaded.
 */
export function useSuggestions(
  record: PatientRecord | undefined,
  context: ClinicalContext | undefined,
  credentials: ApiCredentials,
): SuggestionsHandle {
  const guidelines = useMemo(
    () =>
      record === undefined || context === undefined ? undefined : evaluateGuidelineRules(record, context),
    [record, context],
  );
  // The rules' own test, as in the CLI: died by the date seen, or deceased with no date recorded.
  const deceased = guidelines?.deceased ?? false;
  // Rendered after the rule findings are on screen (a deferred value renders in the background): the model's
  // answer takes seconds anyway, the guideline findings need not wait for its input.
  const deferredContext = useDeferredValue(context);
  const compact = useMemo<CompactContext | undefined>(
    () =>
      deferredContext === undefined || deceased
        ? undefined
        : renderCompactContext(deferredContext, { countTokens: estimateTokens }),
    [deferredContext, deceased],
  );
  // Asked once per launch (and on "ask again"): a section retried later changes the record, not the need to ask.
  const [asked, setAsked] = useState<{ readonly compact: CompactContext; readonly attempt: number }>();
  const [attempt, setAttempt] = useState(0);
  const [modelFindings, setModelFindings] = useState<readonly Finding[]>([]);
  const [model, setModel] = useState<ModelStatus>({ state: 'waiting' });
  const [withheld, setWithheld] = useState(0);
  if (deceased) {
    // A Patient that failed to load and came on a retry, after the model was asked: the request is aborted and
    // its answer dropped.
    if (asked !== undefined) setAsked(undefined);
  } else if (compact !== undefined && (asked === undefined || asked.attempt !== attempt)) {
    // A new request: state derived from the previous one starts over (set while rendering, not in an effect).
    setAsked({ compact, attempt });
    setModelFindings([]);
    setWithheld(0);
    setModel({ state: 'asking', deployment: undefined });
  }

  useEffect(() => {
    if (asked === undefined) return undefined;
    const controller = new AbortController();
    const { compact: sent } = asked;
    let deployment: string | undefined;
    const run = async (): Promise<void> => {
      for await (const event of streamSuggestions(
        credentials,
        { text: sent.text, aliases: Object.keys(sent.aliases) },
        controller.signal,
      )) {
        switch (event.kind) {
          case 'model':
            if (event.state === 'off') setModel({ state: 'off' });
            else {
              deployment = event.deployment;
              setModel({ state: 'asking', deployment });
            }
            break;
          case 'suggestion': {
            const finding = modelFinding(event.suggestion, sent.aliases, deployment ?? 'model');
            setModelFindings((current) =>
              current.some((item) => item.id === finding.id) ? current : [...current, finding],
            );
            break;
          }
          case 'dropped':
            setWithheld((count) => count + 1);
            break;
          case 'error':
            setModel({
              state: 'failed',
              deployment,
              message: event.message,
              retryAfterSeconds: event.retryAfterSeconds,
            });
            break;
          case 'done':
            setWithheld(event.dropped);
            setModel((current) =>
              current.state === 'asking' && deployment !== undefined
                ? { state: 'done', deployment }
                : current,
            );
            break;
        }
      }
    };
    run().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      setModel({
        state: 'failed',
        deployment,
        message: toErrorMessage(error),
        retryAfterSeconds: error instanceof ChartsideApiError ? error.retryAfterSeconds : undefined,
      });
    });
    return () => {
      controller.abort();
    };
  }, [asked, credentials]);

  return {
    guidelines,
    modelFindings: deceased ? NO_FINDINGS : modelFindings,
    model: deceased ? NOT_ASKED_DECEASED : asked === undefined ? { state: 'waiting' } : model,
    withheld: deceased ? 0 : withheld,
    askAgain: () => {
      setAttempt((value) => value + 1);
    },
  };
}
