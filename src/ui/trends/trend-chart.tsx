// One trend as a recharts line chart: the values over time, the reference range as a band (or lines, for
// blood pressure), numbered markers where related medications started or stopped, values on hover and, with
// the keyboard, on the arrow keys (recharts' accessibility layer: Tab to the chart, then ← →). Loaded lazily:
// recharts is a large download the first screen does not need.
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { chartRows, type TrendChart } from '../../context/trend-series.ts';
import { formatDate, formatMonth, formatValue } from '../format.ts';

const LINE_COLORS = ['var(--cs-chart-1)', 'var(--cs-chart-2)'] as const;
const CHART_HEIGHT_PX = 190;

export interface TrendChartViewProps {
  readonly chart: TrendChart;
  /** The chart's drawing width (the figure's width, measured by the panel). */
  readonly widthPx: number;
}

function TrendTooltip({
  active,
  payload,
  label,
  chart,
}: TooltipContentProps & { readonly chart: TrendChart }) {
  if (!active || payload.length === 0 || typeof label !== 'number') return null;
  return (
    <div className="trend-tooltip">
      <p className="trend-tooltip-date">{formatDate(label)}</p>
      {chart.lines.map((line) => {
        const value = payload.find((entry) => entry.dataKey === line.key)?.value;
        return typeof value === 'number' ? (
          <p key={line.key}>
            {chart.lines.length > 1 ? `${line.label}: ` : ''}
            <strong>{formatValue(value)}</strong> {chart.unit}
          </p>
        ) : null;
      })}
    </div>
  );
}

export function TrendChartView({ chart, widthPx }: TrendChartViewProps) {
  const rows = chartRows(chart).map((row) => ({ timeMs: row.timeMs, ...row.values }));
  const times = rows.map((row) => row.timeMs);
  const first = Math.min(...times, ...chart.markers.map((marker) => marker.timeMs));
  const last = Math.max(...times, ...chart.markers.map((marker) => marker.timeMs));
  const reference = chart.reference;
  return (
    <LineChart
      width={Math.max(240, widthPx)}
      height={CHART_HEIGHT_PX}
      data={rows}
      margin={{ top: 14, right: 12, bottom: 4, left: 0 }}
      title={`${chart.title} over time`}
      desc={`${chart.title}, ${rows.length} results from ${formatDate(first)} to ${formatDate(last)}. Use the left and right arrow keys to read each value.`}
    >
      <CartesianGrid stroke="var(--cs-border)" vertical={false} />
      {reference?.kind === 'band' ? (
        // recharts: an undefined y1 runs to the top of the plot, an undefined y2 to the bottom.
        <ReferenceArea
          {...(reference.high === undefined ? {} : { y1: reference.high })}
          {...(reference.low === undefined ? {} : { y2: reference.low })}
          fill="var(--cs-band)"
          fillOpacity={1}
          stroke="none"
          ifOverflow="extendDomain"
        />
      ) : null}
      {reference?.kind === 'lines'
        ? reference.lines.map((line) => (
            <ReferenceLine
              key={line.label}
              y={line.value}
              stroke="var(--cs-muted)"
              strokeDasharray="4 3"
              ifOverflow="extendDomain"
            />
          ))
        : null}
      {chart.markers.map((marker, index) => (
        <ReferenceLine
          key={`${marker.kind}-${marker.source.id}-${String(marker.timeMs)}`}
          x={marker.timeMs}
          stroke={marker.kind === 'start' ? 'var(--cs-marker-start)' : 'var(--cs-marker-stop)'}
          strokeDasharray="2 2"
          label={{ value: String(index + 1), position: 'top', fill: 'var(--cs-text)', fontSize: 11 }}
        />
      ))}
      <XAxis
        dataKey="timeMs"
        type="number"
        scale="time"
        domain={[first === last ? first - 86_400_000 : first, last === first ? last + 86_400_000 : last]}
        tickFormatter={(value: number) => formatMonth(value)}
        tick={{ fill: 'var(--cs-text)', fontSize: 11 }}
        tickCount={4}
        minTickGap={24}
      />
      <YAxis
        domain={['auto', 'auto']}
        width={44}
        tick={{ fill: 'var(--cs-text)', fontSize: 11 }}
        tickFormatter={(value: number) => formatValue(value)}
      />
      <Tooltip
        isAnimationActive={false}
        content={(props: TooltipContentProps) => <TrendTooltip {...props} chart={chart} />}
      />
      {chart.lines.map((line, index) => (
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.label}
          // Straight lines between results: a smoothed curve would draw values nobody measured.
          type="linear"
          stroke={LINE_COLORS[index % LINE_COLORS.length]}
          strokeWidth={2}
          dot={{ r: 2.5 }}
          activeDot={{ r: 5 }}
          connectNulls
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
