// The resources a suggestion rests on, in a drawer (a modal <dialog>: Esc closes it, focus stays inside and
// returns to the chip that opened it). Everything is rendered as text.
import { useEffect, useRef } from 'react';
import type { SourceRef } from '../../context/context-types.ts';
import { formatDate } from '../format.ts';
import type { ResourceLookup } from './describe-resource.ts';

export interface EvidenceDrawerProps {
  readonly title: string;
  readonly evidence: readonly SourceRef[];
  /** The chip that opened the drawer: its resource is listed first and highlighted. */
  readonly focus: SourceRef | undefined;
  readonly lookup: ResourceLookup;
  readonly onClose: () => void;
}

/** Whether this browser has modal dialogs (jsdom, which the integration tests run in, does not). */
function hasModalDialogs(dialog: HTMLDialogElement): boolean {
  return 'showModal' in dialog && 'close' in dialog;
}

export function EvidenceDrawer({ title, evidence, focus, lookup, onClose }: EvidenceDrawerProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return undefined;
    if (!hasModalDialogs(dialog)) {
      dialog.setAttribute('open', '');
      return undefined;
    }
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
    };
  }, []);

  const close = (): void => {
    const dialog = dialogRef.current;
    // A real dialog fires `close`, which calls onClose; without one, close directly.
    if (dialog !== null && hasModalDialogs(dialog)) dialog.close();
    else onClose();
  };

  const focusKey = focus === undefined ? undefined : `${focus.resourceType}/${focus.id}`;
  const items = evidence.map(lookup);
  const ordered = [
    ...items.filter((item) => item.key === focusKey),
    ...items.filter((item) => item.key !== focusKey),
  ];

  return (
    <dialog
      ref={dialogRef}
      className="evidence-drawer"
      aria-labelledby="evidence-heading"
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) close();
      }}
    >
      <div className="evidence-content">
        <header className="evidence-header">
          <h2 id="evidence-heading">Evidence</h2>
          <button type="button" className="button-quiet" onClick={close}>
            Close
          </button>
        </header>
        <p className="evidence-for">
          For: <span>{title}</span>
        </p>
        <ul className="evidence-list">
          {ordered.map((item) => (
            <li key={item.key} className={item.key === focusKey ? 'evidence-item is-focus' : 'evidence-item'}>
              <p className="evidence-kind">{item.kind}</p>
              <p className="evidence-what">{item.what}</p>
              <dl className="evidence-facts">
                <div>
                  <dt>Value</dt>
                  <dd>{item.value ?? '—'}</dd>
                </div>
                <div>
                  <dt>When</dt>
                  <dd>{item.found && item.withheld !== true ? formatDate(item.whenMs) : '—'}</dd>
                </div>
                <div>
                  <dt>Status</dt>
                  <dd>{item.status ?? '—'}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      </div>
    </dialog>
  );
}
