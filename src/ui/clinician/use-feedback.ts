// The clinician's decisions on suggestions: read once at launch (so what they dismissed stays dismissed), then
// each new one applied at once on screen and sent to the backend. "Shown" is sent once per suggestion and
// launch. Only ids, actions and reasons leave the browser: never the suggestion's text.
import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorMessage } from '../../shared/error-message.ts';
import type { DismissReason, StoredDecision } from '../../api-contract/feedback-contract.ts';
import type { FeedbackEventInput } from '../../api-contract/feedback-request-contract.ts';
import { fetchDecisions, postFeedback, type ApiCredentials } from '../api/chartside-api.ts';

export type DecisionsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready' }
  | { readonly status: 'unavailable'; readonly message: string };

export interface Decision {
  readonly action: 'accepted' | 'dismissed' | 'snoozed';
  readonly reason: DismissReason | null;
  readonly snoozeUntilMs: number | undefined;
  /** Made in an earlier launch (true) or just now (false). */
  readonly earlier: boolean;
}

export interface FeedbackTarget {
  readonly id: string;
  readonly origin: 'rules' | 'model';
}

export interface FeedbackHandle {
  readonly status: DecisionsState;
  readonly decisions: ReadonlyMap<string, Decision>;
  /** The last decision that could not be saved, for the notice. */
  readonly saveError: string | undefined;
  readonly markShown: (targets: readonly FeedbackTarget[]) => void;
  readonly accept: (target: FeedbackTarget) => void;
  readonly dismiss: (target: FeedbackTarget, reason: DismissReason, reasonText: string | null) => void;
  readonly snooze: (target: FeedbackTarget, untilMs: number) => void;
}

function toDecision(stored: StoredDecision): Decision | undefined {
  if (stored.action === 'shown') return undefined;
  const snoozeUntilMs = stored.snoozeUntil === null ? undefined : Date.parse(stored.snoozeUntil);
  return { action: stored.action, reason: stored.reason, snoozeUntilMs, earlier: true };
}

/** Whether a decision keeps the suggestion out of the list at `nowMs`. */
export function isHiddenBy(decision: Decision | undefined, nowMs: number): boolean {
  if (decision === undefined) return false;
  if (decision.action === 'dismissed') return true;
  return (
    decision.action === 'snoozed' && decision.snoozeUntilMs !== undefined && decision.snoozeUntilMs > nowMs
  );
}

export function useFeedback(credentials: ApiCredentials): FeedbackHandle {
  const [status, setStatus] = useState<DecisionsState>({ status: 'loading' });
  const [decisions, setDecisions] = useState<ReadonlyMap<string, Decision>>(new Map());
  const [saveError, setSaveError] = useState<string>();
  const shownRef = useRef(new Set<string>());

  useEffect(() => {
    const controller = new AbortController();
    fetchDecisions(credentials, controller.signal).then(
      (stored) => {
        if (controller.signal.aborted) return;
        const loaded = new Map<string, Decision>();
        for (const item of stored) {
          const decision = toDecision(item);
          if (decision !== undefined) loaded.set(item.suggestionId, decision);
        }
        setDecisions((current) => new Map([...loaded, ...current]));
        setStatus({ status: 'ready' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setStatus({ status: 'unavailable', message: toErrorMessage(error) });
      },
    );
    return () => {
      controller.abort();
    };
  }, [credentials]);

  const send = useCallback(
    (events: readonly FeedbackEventInput[]) => {
      // Only a lost decision is worth telling the clinician about; a lost "shown" count is not.
      const isDecision = events.some((event) => event.action !== 'shown');
      postFeedback(credentials, events).then(
        () => {
          if (isDecision) setSaveError(undefined);
        },
        (error: unknown) => {
          if (isDecision) setSaveError(toErrorMessage(error));
        },
      );
    },
    [credentials],
  );

  const decide = useCallback(
    (target: FeedbackTarget, decision: Decision, event: FeedbackEventInput) => {
      setDecisions((current) => new Map([...current, [target.id, decision]]));
      send([event]);
    },
    [send],
  );

  const markShown = useCallback(
    (targets: readonly FeedbackTarget[]) => {
      const fresh = targets.filter((target) => !shownRef.current.has(target.id));
      if (fresh.length === 0) return;
      for (const target of fresh) shownRef.current.add(target.id);
      send(fresh.map((target) => ({ suggestionId: target.id, source: target.origin, action: 'shown' })));
    },
    [send],
  );

  const accept = useCallback(
    (target: FeedbackTarget) => {
      decide(
        target,
        { action: 'accepted', reason: null, snoozeUntilMs: undefined, earlier: false },
        {
          suggestionId: target.id,
          source: target.origin,
          action: 'accepted',
        },
      );
    },
    [decide],
  );

  const dismiss = useCallback(
    (target: FeedbackTarget, reason: DismissReason, reasonText: string | null) => {
      decide(
        target,
        { action: 'dismissed', reason, snoozeUntilMs: undefined, earlier: false },
        {
          suggestionId: target.id,
          source: target.origin,
          action: 'dismissed',
          reason,
          reasonText,
        },
      );
    },
    [decide],
  );

  const snooze = useCallback(
    (target: FeedbackTarget, untilMs: number) => {
      decide(
        target,
        { action: 'snoozed', reason: null, snoozeUntilMs: untilMs, earlier: false },
        {
          suggestionId: target.id,
          source: target.origin,
          action: 'snoozed',
          snoozeUntil: new Date(untilMs).toISOString(),
        },
      );
    },
    [decide],
  );

  return { status, decisions, saveError, markShown, accept, dismiss, snooze };
}
