// The Risk region, beside the suggestions: one row per score (its value, or "not computable" and what it needs),
// and behind each a disclosure with the inputs it was computed from, each opening the record entry it was read
// from in the evidence drawer the suggestion cards use, what is missing, values outside the equation's range,
// and the publication. The scores come from the findings pipeline, so they are the ones the rules decided on.
import { useState } from 'react';
import type { SourceRef } from '../../context/context-types.ts';
import type { RiskInput, RiskResult } from '../../reasoning/risk/risk-result.ts';
import { scoreLabel, type PatientRiskScores } from '../../reasoning/rules/risk-scores.ts';
import { EvidenceDrawer } from '../evidence/evidence-drawer.tsx';
import type { ResourceLookup } from '../evidence/describe-resource.ts';
import { formatDaysAgo } from '../format.ts';
import {
  RISK_SCORE_ORDER,
  describeOutOfRange,
  formatInputValue,
  formatScoreValue,
  inputLabel,
} from './risk-labels.ts';

export interface RiskPanelProps {
  /** Undefined until the whole record has loaded and the pipeline has run. */
  readonly scores: PatientRiskScores | undefined;
  /** The record shows the patient has died by the date seen: no score is shown. */
  readonly deceased: boolean;
  /** Undefined until the record has loaded; then what an input's source is, for its chip and the drawer. */
  readonly lookup: ResourceLookup | undefined;
}

interface OpenDrawer {
  readonly title: string;
  readonly evidence: readonly SourceRef[];
  readonly focus: SourceRef;
}

const keyOf = (source: SourceRef): string => `${source.resourceType}/${source.id}`;

/** The distinct resources a score's inputs were read from, in input order. */
function sourcesOf(result: RiskResult): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const input of result.inputs)
    if (input.source !== undefined && !seen.has(keyOf(input.source)))
      seen.set(keyOf(input.source), input.source);
  return [...seen.values()];
}

export function RiskPanel({ scores, deceased, lookup }: RiskPanelProps) {
  const [drawer, setDrawer] = useState<OpenDrawer>();

  return (
    <section className="panel risk-panel" aria-labelledby="risk-heading" id="risk">
      <h2 id="risk-heading">Risk</h2>
      {deceased ? (
        <p className="placeholder">The record shows that this patient has died: no risk scores are shown.</p>
      ) : scores === undefined ? (
        <p className="placeholder" aria-busy="true">
          Risk scores are computed once the record has loaded…
        </p>
      ) : (
        <ul className="risk-list" aria-label="Risk scores">
          {RISK_SCORE_ORDER.map((id) => (
            <ScoreRow
              key={id}
              result={scores[id]}
              lookup={lookup}
              onOpenEvidence={(focus) => {
                setDrawer({ title: scoreLabel(id), evidence: sourcesOf(scores[id]), focus });
              }}
            />
          ))}
        </ul>
      )}
      {drawer !== undefined && lookup !== undefined ? (
        <EvidenceDrawer
          title={drawer.title}
          evidence={drawer.evidence}
          focus={drawer.focus}
          lookup={lookup}
          onClose={() => {
            setDrawer(undefined);
          }}
        />
      ) : null}
    </section>
  );
}

interface ScoreRowProps {
  readonly result: RiskResult;
  readonly lookup: ResourceLookup | undefined;
  readonly onOpenEvidence: (focus: SourceRef) => void;
}

function ScoreRow({ result, lookup, onOpenEvidence }: ScoreRowProps) {
  const label = scoreLabel(result.id);
  const value = formatScoreValue(result);
  // Why there is no value, in the row itself: what the record lacks, or an input outside the equation's range.
  const why = [
    ...(result.missing.length > 0 ? [`needs ${result.missing.map(inputLabel).join(', ')}`] : []),
    ...result.outOfRange.map((text) => `outside the equation’s range: ${describeOutOfRange(text)}`),
  ];
  return (
    <li className="risk-row" data-score-id={result.id}>
      <details className="risk-details">
        <summary>
          <span className="risk-label">{label}</span>{' '}
          {result.notApplicable !== undefined ? (
            <span className="risk-value is-missing">not applicable ({result.notApplicable})</span>
          ) : value === undefined ? (
            <span className="risk-value is-missing">not computable</span>
          ) : (
            <span className="risk-value">{value}</span>
          )}
          {why.length > 0 && result.notApplicable === undefined ? (
            <span className="risk-why"> — {why.join('; ')}</span>
          ) : null}
        </summary>
        {result.inputs.length > 0 ? (
          <ul className="risk-inputs" aria-label={`Inputs to ${label}`}>
            {result.inputs.map((input) => (
              <InputRow key={input.name} input={input} lookup={lookup} onOpenEvidence={onOpenEvidence} />
            ))}
          </ul>
        ) : (
          <p className="risk-source">No input found in the record.</p>
        )}
        <p className="risk-source">Source: {result.source}</p>
      </details>
    </li>
  );
}

interface InputRowProps {
  readonly input: RiskInput;
  readonly lookup: ResourceLookup | undefined;
  readonly onOpenEvidence: (focus: SourceRef) => void;
}

function InputRow({ input, lookup, onOpenEvidence }: InputRowProps) {
  const { source } = input;
  const item = source === undefined || lookup === undefined ? undefined : lookup(source);
  // As on the suggestion cards: what a withheld record entry says is not shown, here its value either.
  const withheld = item?.withheld === true;
  const when = input.daysAgo === undefined ? '' : `, ${formatDaysAgo(input.daysAgo)}`;
  return (
    <li>
      <span className="risk-input-name">{inputLabel(input.name)}</span>:{' '}
      <span className="risk-input-value">{withheld ? 'withheld' : formatInputValue(input.value)}</span>
      {source === undefined ? null : item === undefined ? (
        <span className="risk-input-source"> ({keyOf(source)})</span>
      ) : (
        <>
          {' '}
          <button
            type="button"
            className="chip evidence-chip"
            data-source={item.key}
            onClick={() => {
              onOpenEvidence(source);
            }}
          >
            {withheld ? item.what : `${item.what}${when}`}
          </button>
        </>
      )}
    </li>
  );
}
