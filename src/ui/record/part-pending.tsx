// What a part of the view (a record list, a trend chart) shows until the sections it needs are done: a polite
// status while they load; a plain note if the load stopped first (the view's alert says why and offers a retry).
export interface PartPendingProps {
  /** What is loading, as it reads after "Loading": "problems", "results". */
  readonly what: string;
  readonly stopped: boolean;
}

export function PartPending({ what, stopped }: PartPendingProps) {
  return stopped ? (
    <p className="placeholder">Not loaded.</p>
  ) : (
    <p className="placeholder" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}
