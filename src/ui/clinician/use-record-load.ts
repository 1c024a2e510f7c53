// Loads the patient's record once per session, with progress per resource type (resources and pages so far),
// and retries a failed section on request. A 401 ends the session: the caller shows the relaunch screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError, isSessionExpiredError } from '../../fhir/fhir-errors.ts';
import {
  loadPatientRecord,
  retryRecordSection,
  type LoadPatientRecordOptions,
  type PatientRecordLoad,
  type SectionProgress,
} from '../../fhir/load-patient-record.ts';
import { findRecordSection, type RecordSectionId } from '../../fhir/record-sections.ts';
import { toErrorMessage } from '../../shared/error-message.ts';
import type { SmartSession } from '../../smart/launch.ts';
import { freshAccessToken } from './session-credentials.ts';

export interface TypeProgress {
  readonly resourceType: string;
  readonly resources: number;
  readonly pages: number;
  readonly done: boolean;
}

export type RecordLoadState =
  | { readonly status: 'loading'; readonly progress: readonly TypeProgress[] }
  | {
      readonly status: 'loaded';
      readonly load: PatientRecordLoad;
      readonly progress: readonly TypeProgress[];
      readonly retrying: ReadonlySet<RecordSectionId>;
    }
  | { readonly status: 'failed'; readonly message: string; readonly progress: readonly TypeProgress[] };

export interface RecordLoadHandle {
  readonly state: RecordLoadState;
  readonly retrySection: (section: RecordSectionId) => void;
  readonly reload: () => void;
}

/** Sums the sections of each resource type (Observation has nine categories, Condition three), in first-seen order. */
export function progressByType(sections: ReadonlyMap<RecordSectionId, SectionProgress>): TypeProgress[] {
  const byType = new Map<string, { resources: number; pages: number; done: boolean }>();
  for (const progress of sections.values()) {
    const type = findRecordSection(progress.section)?.resourceType ?? progress.section;
    const entry = byType.get(type) ?? { resources: 0, pages: 0, done: true };
    byType.set(type, {
      resources: entry.resources + progress.resourcesLoaded,
      pages: entry.pages + progress.pagesLoaded,
      done: entry.done && progress.done,
    });
  }
  return [...byType.entries()].map(([resourceType, entry]) => ({ resourceType, ...entry }));
}

export function useRecordLoad(
  session: SmartSession,
  onSessionExpired: (message: string) => void,
): RecordLoadHandle {
  const [state, setState] = useState<RecordLoadState>({ status: 'loading', progress: [] });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef<PatientRecordLoad | undefined>(undefined);
  const expiredRef = useRef(onSessionExpired);
  useEffect(() => {
    expiredRef.current = onSessionExpired;
  }, [onSessionExpired]);

  const options = useCallback(
    async (
      signal: AbortSignal,
      onProgress?: (progress: SectionProgress) => void,
    ): Promise<LoadPatientRecordOptions> => ({
      fhirBaseUrl: session.serverUrl,
      patientId: session.patientId,
      accessToken: await freshAccessToken(session),
      grantedScopes: session.grantedScopes,
      signal,
      ...(onProgress ? { onProgress } : {}),
    }),
    [session],
  );

  const fail = useCallback((error: unknown, progress: readonly TypeProgress[]) => {
    if (isSessionExpiredError(error)) expiredRef.current(error.message);
    else setState({ status: 'failed', message: toErrorMessage(error), progress });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const sections = new Map<RecordSectionId, SectionProgress>();
    let frame: number | undefined;
    let finished = false;
    const publish = (): void => {
      frame = undefined;
      if (!controller.signal.aborted && !finished)
        setState({ status: 'loading', progress: progressByType(sections) });
    };
    const onProgress = (progress: SectionProgress): void => {
      sections.set(progress.section, progress);
      // Pages arrive in bursts: one render per animation frame is as fast as anyone can read.
      frame ??= requestAnimationFrame(publish);
    };
    options(controller.signal, onProgress)
      .then((loadOptions) => loadPatientRecord(loadOptions))
      .then(
        (load) => {
          finished = true;
          if (controller.signal.aborted) return;
          loadRef.current = load;
          setState({ status: 'loaded', load, progress: progressByType(sections), retrying: new Set() });
        },
        (error: unknown) => {
          finished = true;
          if (controller.signal.aborted || isAbortError(error)) return;
          fail(error, progressByType(sections));
        },
      );
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      controller.abort();
    };
  }, [options, fail, attempt]);

  const retrySection = useCallback(
    (section: RecordSectionId) => {
      const previous = loadRef.current;
      if (previous === undefined) return;
      setState((current) =>
        current.status === 'loaded'
          ? { ...current, retrying: new Set([...current.retrying, section]) }
          : current,
      );
      const controller = new AbortController();
      options(controller.signal)
        .then((loadOptions) => retryRecordSection(previous, section, loadOptions))
        .then(
          (load) => {
            loadRef.current = load;
            setState((current) =>
              current.status === 'loaded'
                ? {
                    ...current,
                    load,
                    retrying: new Set([...current.retrying].filter((id) => id !== section)),
                  }
                : current,
            );
          },
          (error: unknown) => {
            if (isSessionExpiredError(error)) {
              expiredRef.current(error.message);
              return;
            }
            setState((current) =>
              current.status === 'loaded'
                ? { ...current, retrying: new Set([...current.retrying].filter((id) => id !== section)) }
                : current,
            );
          },
        );
    },
    [options],
  );

  const reload = useCallback(() => {
    setState({ status: 'loading', progress: [] });
    setAttempt((value) => value + 1);
  }, []);

  return { state, retrySection, reload };
}
