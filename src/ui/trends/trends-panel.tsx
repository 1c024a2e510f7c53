// The Trends region: eGFR, creatinine, HbA1c, LDL, blood pressure, weight and BMI over 1 year, 5 years or the
// whole record, and any other lab on request. Each chart shows as soon as the sections it needs are done. The
// charts themselves (recharts) load lazily; each chart's values are also listed in a table, for screen readers
// and for anyone who wants the numbers. What the sensitivity policy withholds from the Record summary is left
// out here too (trend-series.ts), and counted.
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import {
  buildTrendCatalog,
  chartInRange,
  TREND_RANGES,
  type TrendChart,
  type TrendRange,
} from '../../context/trend-series.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import { RECORD_RESOURCE_TYPES } from '../../record/patient-record.ts';
import { formatDate, formatValue, plural } from '../format.ts';
import { PartPending } from '../record/part-pending.tsx';
import { WITHHELD_BY } from '../record/withheld-by.ts';

const TrendChartView = lazy(async () => {
  const module = await import('./trend-chart.tsx');
  return { default: module.TrendChartView };
});

export interface TrendsPanelProps {
  /** The record as loaded so far. */
  readonly record: PatientRecord;
  /** Resource types whose sections have all finished loading (or failing). */
  readonly done: ReadonlySet<string>;
  /** The load stopped before every section was done: a chart still waiting will not fill. */
  readonly stopped: boolean;
  readonly nowMs: number;
}

/**
 * Every chart waits for the patient (age decides whether adult reference ranges apply), the medications (its
 * start and stop markers) and what the sensitivity policy reads (withheld-by.ts, as the Record's parts do), and
 * every Observation (on Epic, searched per category; a result may sit under any category, or none).
 */
const EVERY_CHART_NEEDS: readonly string[] = [
  'Patient',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
  ...WITHHELD_BY,
];

export function TrendsPanel({ record, done, stopped, nowMs }: TrendsPanelProps) {
  const catalog = useMemo(() => buildTrendCatalog(record, { nowMs }), [record, nowMs]);
  const [range, setRange] = useState<TrendRange>('5y');
  const [added, setAdded] = useState<readonly string[]>([]);
  const [choice, setChoice] = useState('');
  const selectId = useId();

  const charts = [...catalog.standard, ...added.flatMap((id) => catalog.chart(id) ?? [])];
  const chartsReady = EVERY_CHART_NEEDS.every((type) => done.has(type));
  // The list of other labs is complete only once every laboratory result is in.
  const addable = chartsReady ? catalog.otherLabs.filter((lab) => !added.includes(lab.id)) : [];
  const everySectionDone = RECORD_RESOURCE_TYPES.every((type) => done.has(type));

  return (
    <section className="panel trends-panel" aria-labelledby="trends-heading" id="trends">
      <h2 id="trends-heading">Trends</h2>
      {/* A count over the whole record, in the Record region's words: shown once all of it is in. */}
      {everySectionDone && catalog.withheldCount > 0 ? (
        <p className="notice">
          {plural(catalog.withheldCount, 'sensitive entry is', 'sensitive entries are')} left out of these
          trends. The chart in your EHR shows them.
        </p>
      ) : null}
      <div className="range-picker" role="group" aria-label="Time range">
        {TREND_RANGES.map((option) => (
          <button
            key={option.id}
            type="button"
            aria-pressed={range === option.id}
            onClick={() => {
              setRange(option.id);
            }}
          >
            {option.label}
          </button>
        ))}
      </div>
      {/* The latest result of every chart: said once they are all in, so the date does not move. */}
      {catalog.latestMs === undefined || !chartsReady ? null : (
        <p className="range-note">
          Ranges count back from the latest result, {formatDate(catalog.latestMs)}.
        </p>
      )}
      <div className="trend-grid">
        {charts.map((chart) =>
          chartsReady ? (
            <TrendFigure
              key={chart.id}
              chart={chartInRange(chart, range, catalog.latestMs)}
              allPoints={chart.lines.reduce((sum, line) => sum + line.points.length, 0)}
              onRemove={
                chart.id.startsWith('lab:')
                  ? () => {
                      setAdded(added.filter((id) => id !== chart.id));
                    }
                  : undefined
              }
            />
          ) : (
            <PendingFigure key={chart.id} title={chart.title} stopped={stopped} />
          ),
        )}
      </div>
      {addable.length > 0 ? (
        <form
          className="add-chart"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice !== '') setAdded([...added, choice]);
            setChoice('');
          }}
        >
          <label htmlFor={selectId}>Chart another lab</label>
          <select
            id={selectId}
            value={choice}
            onChange={(event) => {
              setChoice(event.target.value);
            }}
          >
            <option value="">Choose a lab…</option>
            {addable.map((lab) => (
              <option key={lab.id} value={lab.id}>
                {lab.title} ({lab.count})
              </option>
            ))}
          </select>
          <button type="submit" disabled={choice === ''}>
            Add chart
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** A chart's place, named, until the sections it needs are done. */
function PendingFigure({ title, stopped }: { readonly title: string; readonly stopped: boolean }) {
  const headingId = useId();
  return (
    <figure className="trend-figure" aria-labelledby={headingId}>
      <figcaption>
        <h3 id={headingId}>{title}</h3>
      </figcaption>
      <div className="trend-plot">
        <PartPending what="results" stopped={stopped} />
      </div>
    </figure>
  );
}

/** The figure's content width, followed as the sidebar or window resizes. */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(320);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver !== 'function') return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured !== undefined && measured > 0) setWidth(Math.floor(measured));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return [ref, width];
}

function TrendFigure({
  chart,
  allPoints,
  onRemove,
}: {
  readonly chart: TrendChart;
  readonly allPoints: number;
  readonly onRemove: (() => void) | undefined;
}) {
  const [ref, width] = useWidth();
  const headingId = useId();
  const points = chart.lines.reduce((sum, line) => sum + line.points.length, 0);
  const latest = latestText(chart);
  return (
    <figure className="trend-figure" aria-labelledby={headingId} data-chart-id={chart.id}>
      <figcaption>
        <h3 id={headingId}>
          {chart.title}
          {chart.unit === '' ? null : <span className="unit"> ({chart.unit})</span>}
        </h3>
        {latest === undefined ? null : <p className="trend-latest">{latest}</p>}
        {onRemove === undefined ? null : (
          <button type="button" className="button-quiet" onClick={onRemove}>
            Remove chart
          </button>
        )}
      </figcaption>
      <div ref={ref} className="trend-plot">
        {allPoints === 0 ? (
          <p className="placeholder">No results in the record.</p>
        ) : points === 0 ? (
          <p className="placeholder">No results in this range: choose a longer one.</p>
        ) : (
          <Suspense fallback={<p className="placeholder">Loading the chart…</p>}>
            <TrendChartView chart={chart} widthPx={width} />
          </Suspense>
        )}
      </div>
      {chart.reference === undefined ? null : (
        <p className="trend-reference">
          <span
            className={chart.reference.kind === 'band' ? 'band-swatch' : 'line-swatch'}
            aria-hidden="true"
          />
          {chart.reference.kind === 'band'
            ? `Shaded: ${chart.reference.label}`
            : `Dashed: ${chart.reference.lines.map((line) => line.label).join(', ')} (ACC/AHA 2017)`}
        </p>
      )}
      {chart.referenceNote === undefined ? null : <p className="trend-reference">{chart.referenceNote}</p>}
      {chart.markers.length > 0 ? (
        <ol className="marker-list" aria-label={`Medications on the ${chart.title} chart`}>
          {chart.markers.map((marker) => (
            <li
              key={`${marker.kind}-${marker.source.id}-${String(marker.timeMs)}`}
              className={`marker-${marker.kind}`}
            >
              {marker.name} {marker.kind === 'start' ? 'started' : 'stopped'} {formatDate(marker.timeMs)}
            </li>
          ))}
        </ol>
      ) : null}
      {chart.stoppedUndated.length > 0 ? (
        <p className="trend-reference">Stopped, date not recorded: {chart.stoppedUndated.join(', ')}.</p>
      ) : null}
      {points > 0 ? <ValuesTable chart={chart} /> : null}
    </figure>
  );
}

function latestText(chart: TrendChart): string | undefined {
  const parts = chart.lines.flatMap((line) => {
    const point = line.points[line.points.length - 1];
    return point === undefined ? [] : [{ label: line.label, point }];
  });
  const newest = parts.reduce<number | undefined>(
    (time, part) => Math.max(time ?? 0, part.point.timeMs),
    undefined,
  );
  if (newest === undefined) return undefined;
  const values = parts.map((part) => formatValue(part.point.value)).join('/');
  return `Latest ${values}${chart.unit === '' ? '' : ` ${chart.unit}`}, ${formatDate(newest)}`;
}

function ValuesTable({ chart }: { readonly chart: TrendChart }) {
  const times = [...new Set(chart.lines.flatMap((line) => line.points.map((point) => point.timeMs)))].sort(
    (a, b) => b - a,
  );
  return (
    <details className="values-table">
      <summary>Values ({times.length})</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {chart.lines.map((line) => (
              <th key={line.key} scope="col">
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr key={time}>
              <th scope="row">{formatDate(time)}</th>
              {chart.lines.map((line) => {
                const point = line.points.find((candidate) => candidate.timeMs === time);
                return (
                  <td key={line.key}>
                    {point === undefined ? '—' : formatValue(point.value)}
                    {point?.implausible === true ? ' (implausible)' : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
