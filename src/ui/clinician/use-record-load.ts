// The clinician view's window on the session's record load (record-load-store.ts, started before the view
// rendered): the view re-renders whenever the load publishes, at most once per animation frame while loading.
import { useSyncExternalStore } from 'react';
import type { RecordSectionId } from '../../record/record-sections.ts';
import type { RecordLoadState, RecordLoadStore } from './record-load-store.ts';

export interface RecordLoadHandle {
  readonly state: RecordLoadState;
  readonly retrySection: (section: RecordSectionId) => void;
  readonly reload: () => void;
}

export function useRecordLoad(store: RecordLoadStore): RecordLoadHandle {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { state, retrySection: store.retrySection, reload: store.reload };
}
