// The record load of one session, outside React: session-page.tsx starts it the moment the session and this
// code are both here, before anything renders, and the clinician view reads it through useSyncExternalStore.
// It publishes progress per resource type (resources and pages so far), the record as loaded so far and the
// sections done, at most once per animation frame; retries a failed section or the whole load on request; and
// ends the session on a 401. Nothing outlives `dispose()`.
import { isAbortError, isSessionExpiredError } from '../../fhir/fhir-errors.ts';
import {
  assembleRecordSoFar,
  loadPatientRecord,
  retryRecordSection,
  type LoadPatientRecordOptions,
  type PatientRecordLoad,
  type SectionProgress,
} from '../../fhir/load-patient-record.ts';
import {
  EMPTY_PATIENT_RECORD,
  RECORD_RESOURCE_TYPES,
  type PatientRecord,
} from '../../record/patient-record.ts';
import {
  finishedResourceTypes,
  findRecordSection,
  searchPlanForProfile,
  type RecordSectionId,
  type SearchPlanId,
} from '../../record/record-sections.ts';
import { toErrorMessage } from '../../shared/error-message.ts';
import type { SmartSession } from '../../smart/launch.ts';

export interface TypeProgress {
  readonly resourceType: string;
  readonly resources: number;
  readonly pages: number;
  readonly done: boolean;
}

interface RecordSoFar {
  readonly progress: readonly TypeProgress[];
  /** The record as loaded so far (duplicates and entered-in-error left out); the whole record once loaded. */
  readonly record: PatientRecord;
  /** Resource types whose every section is finished: loaded, failed or not requested. */
  readonly done: ReadonlySet<string>;
}

export type RecordLoadState =
  | ({ readonly status: 'loading' } & RecordSoFar)
  | ({
      readonly status: 'loaded';
      readonly load: PatientRecordLoad;
      readonly retrying: ReadonlySet<RecordSectionId>;
    } & RecordSoFar)
  | ({ readonly status: 'failed'; readonly message: string } & RecordSoFar);

export interface RecordLoadStore {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => RecordLoadState;
  readonly retrySection: (section: RecordSectionId) => void;
  /** Loads the whole record again, from nothing (after the load failed). */
  readonly reload: () => void;
  /** Stops the load and any retry for good: the page, or the session, is gone. */
  readonly dispose: () => void;
}

/** Sums the sections of each resource type (on Epic, Observation has nine categories, Condition three), in first-seen order. */
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

function finishedTypes(
  plan: SearchPlanId,
  sections: ReadonlyMap<RecordSectionId, SectionProgress>,
): ReadonlySet<string> {
  return finishedResourceTypes(
    plan,
    new Set([...sections.values()].filter((progress) => progress.done).map((progress) => progress.section)),
  );
}

function recordSoFar(
  plan: SearchPlanId,
  sections: ReadonlyMap<RecordSectionId, SectionProgress>,
): RecordSoFar {
  return {
    progress: progressByType(sections),
    record: assembleRecordSoFar(sections, plan),
    done: finishedTypes(plan, sections),
  };
}

/**
 * The partial record is rebuilt only when a resource type has finished (parts show finished types only, so a
 * page of an unfinished one changes nothing on screen), and at most this often: each rebuild re-derives the clinical
 * context and re-renders Record and Trends, work that would otherwise compete with the load for the main thread.
 */
const REBUILD_INTERVAL_MS = 250;

const NOTHING_YET: RecordSoFar = { progress: [], record: EMPTY_PATIENT_RECORD, done: new Set() };
const EVERY_TYPE: ReadonlySet<string> = new Set(RECORD_RESOURCE_TYPES);

export function startRecordLoad(
  session: SmartSession,
  onSessionExpired: (message: string) => void,
): RecordLoadStore {
  const lifetime = new AbortController();
  const plan = searchPlanForProfile(session.registration.profile);
  const listeners = new Set<() => void>();
  let state: RecordLoadState = { status: 'loading', ...NOTHING_YET };
  let attempt: AbortController | undefined;
  let frame: number | undefined;
  let rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = Promise.resolve();

  const publish = (next: RecordLoadState): void => {
    if (lifetime.signal.aborted) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const cancelFrame = (): void => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
    clearTimeout(rebuildTimer);
    rebuildTimer = undefined;
  };
  const dispose = (): void => {
    cancelFrame();
    lifetime.abort();
  };
  const expire = (message: string): void => {
    dispose();
    onSessionExpired(message);
  };
  const options = async (
    signal: AbortSignal,
    onProgress?: (progress: SectionProgress) => void,
  ): Promise<LoadPatientRecordOptions> => ({
    fhirBaseUrl: session.serverUrl,
    patientId: session.patientId,
    accessToken: await session.credentials.freshAccessToken(),
    grantedScopes: session.grantedScopes,
    searchPlan: plan,
    signal,
    ...(onProgress ? { onProgress } : {}),
  });

  const load = (): void => {
    attempt?.abort();
    cancelFrame();
    const controller = new AbortController();
    attempt = controller;
    const signal = AbortSignal.any([lifetime.signal, controller.signal]);
    const sections = new Map<RecordSectionId, SectionProgress>();
    let rebuiltAtMs = Number.NEGATIVE_INFINITY;
    const publishSoFar = (): void => {
      frame = undefined;
      if (signal.aborted) return;
      const done = finishedTypes(plan, sections);
      const stale = done.size !== state.done.size;
      const waitMs = rebuiltAtMs + REBUILD_INTERVAL_MS - performance.now();
      const rebuild = stale && waitMs <= 0;
      if (rebuild) rebuiltAtMs = performance.now();
      else if (stale)
        rebuildTimer ??= setTimeout(() => {
          rebuildTimer = undefined;
          schedule();
        }, waitMs);
      publish({
        status: 'loading',
        progress: progressByType(sections),
        record: rebuild ? assembleRecordSoFar(sections, plan) : state.record,
        done: rebuild ? done : state.done,
      });
    };
    // Pages arrive in bursts: one render per animation frame is as fast as anyone can read.
    const schedule = (): void => {
      frame ??= requestAnimationFrame(publishSoFar);
    };
    const onProgress = (progress: SectionProgress): void => {
      sections.set(progress.section, progress);
      schedule();
    };
    options(signal, onProgress)
      .then((loadOptions) => loadPatientRecord(loadOptions))
      .then(
        (loaded) => {
          if (signal.aborted) return;
          cancelFrame();
          publish({
            status: 'loaded',
            load: loaded,
            progress: progressByType(sections),
            record: loaded.record,
            done: EVERY_TYPE,
            retrying: new Set(),
          });
        },
        (error: unknown) => {
          if (signal.aborted || isAbortError(error)) return;
          cancelFrame();
          if (isSessionExpiredError(error)) expire(error.message);
          else publish({ status: 'failed', message: toErrorMessage(error), ...recordSoFar(plan, sections) });
        },
      );
  };

  const retrySection = (section: RecordSectionId): void => {
    if (state.status !== 'loaded' || state.retrying.has(section)) return;
    publish({ ...state, retrying: new Set([...state.retrying, section]) });
    const settle = (loaded?: PatientRecordLoad): void => {
      if (state.status !== 'loaded') return;
      const retrying = new Set([...state.retrying].filter((id) => id !== section));
      publish(loaded ? { ...state, load: loaded, record: loaded.record, retrying } : { ...state, retrying });
    };
    // One retry at a time, each merged into the load the one before left: two at once would both start from
    // the same load, and the later would drop what the earlier brought in.
    retries = retries.then(async () => {
      if (state.status !== 'loaded') return;
      const previous = state.load;
      try {
        settle(await retryRecordSection(previous, section, await options(lifetime.signal)));
      } catch (error) {
        if (isSessionExpiredError(error)) expire(error.message);
        else settle();
      }
    });
  };

  load();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => state,
    retrySection,
    reload: () => {
      publish({ status: 'loading', ...NOTHING_YET });
      load();
    },
    dispose,
  };
}
