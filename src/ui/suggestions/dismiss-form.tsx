// Dismissing asks why: the reason is what makes the feedback useful (a rule that is often "incorrect" is
// reviewed; "already addressed" means the chart missed something). "Other" needs a few words.
import { useId, useState } from 'react';
import { DISMISS_REASONS, type DismissReason } from '../../api-contract/feedback-contract.ts';
import { DISMISS_REASON_LABELS } from './suggestion-labels.ts';

export interface DismissFormProps {
  readonly title: string;
  readonly onDismiss: (reason: DismissReason, reasonText: string | null) => void;
  readonly onCancel: () => void;
}

const MAX_REASON_CHARS = 500;

export function DismissForm({ title, onDismiss, onCancel }: DismissFormProps) {
  const id = useId();
  const [reason, setReason] = useState<DismissReason>();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();

  return (
    <form
      className="dismiss-form"
      aria-label={`Dismiss “${title}”`}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason === undefined) {
          setProblem('Choose a reason.');
          return;
        }
        if (reason === 'other' && text.trim() === '') {
          setProblem('Say briefly why, for “Other”.');
          return;
        }
        onDismiss(reason, reason === 'other' ? text.trim() : null);
      }}
    >
      <fieldset>
        <legend>Why dismiss it?</legend>
        {DISMISS_REASONS.map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-reason`}
              value={value}
              checked={reason === value}
              onChange={() => {
                setReason(value);
                setProblem(undefined);
              }}
            />
            {DISMISS_REASON_LABELS[value]}
          </label>
        ))}
      </fieldset>
      {reason === 'other' ? (
        <label className="reason-text">
          Reason
          <textarea
            value={text}
            maxLength={MAX_REASON_CHARS}
            rows={2}
            onChange={(event) => {
              setText(event.target.value);
              setProblem(undefined);
            }}
          />
        </label>
      ) : null}
      <p className="form-hint">Reasons help review the checks. Please do not type patient details.</p>
      {problem === undefined ? null : (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary">
          Dismiss
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
