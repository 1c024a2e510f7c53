// How far the record load has got, per resource type (resources and pages so far), then a one-line summary.
import type { LoadDiagnostics } from '../../fhir/load-patient-record.ts';
import type { TypeProgress } from '../clinician/record-load-store.ts';
import { plural } from '../format.ts';

export interface LoadProgressProps {
  readonly progress: readonly TypeProgress[];
  /** Set once the load has finished. */
  readonly diagnostics: LoadDiagnostics | undefined;
}

export function LoadProgress({ progress, diagnostics }: LoadProgressProps) {
  const resources = progress.reduce((sum, type) => sum + type.resources, 0);
  const done = progress.filter((type) => type.done).length;
  const summary =
    diagnostics === undefined
      ? `Loading the record: ${plural(resources, 'resource', 'resources')} so far, ${done} of ${progress.length || '…'} types done`
      : `Record loaded: ${plural(resources, 'resource', 'resources')}, ${plural(diagnostics.pages, 'page', 'pages')} in ${(diagnostics.elapsedMs / 1000).toFixed(1)} s`;
  return (
    <details className="load-progress" open={diagnostics === undefined}>
      <summary>
        <span role="status" aria-live="polite">
          {summary}
        </span>
      </summary>
      <ul className="type-progress" aria-label="Record loading by resource type">
        {progress.map((type) => (
          <li key={type.resourceType} data-done={type.done}>
            <span className="type-name">{type.resourceType}</span>
            <span className="type-count">
              {plural(type.resources, 'resource', 'resources')}, {plural(type.pages, 'page', 'pages')}
            </span>
            <span className="type-state">{type.done ? 'done' : 'loading…'}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
