import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import { formatNumber } from '@/lib/format';
import { useChartDirection } from '../hooks/use-chart-direction';

// The palette's colours (base.css), written out: SVG presentation attributes take no var().
export const CHART_COLORS = { primary: '#2459d8', success: '#1f7a3f', danger: '#c8321f', muted: '#5f6b7c', warning: '#b7791f' } as const;

const number = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v ?? ''));

// SVG's text-anchor counts from the text's own direction, which a right-to-left page hands down to
// the chart: "end" keeps a vertical axis's labels beside the axis, away from the plot, both ways
// (at the left axis in LTR, at the right one in RTL, where Recharts' default "start" would paint
// them over the bars).
const Y_TICK_ANCHOR = 'end';

interface HorizontalBarsProps<T> {
  /** What the chart shows, for screen readers (the numbers are in the table beside it). */
  label: string;
  data: T[];
  nameKey: string;
  valueKey: string;
  valueName: string;
  color?: string;
  colorOf?: (row: T) => string;
  format?: (value: number) => string;
  /** The row names are user data (stages a Head named): marked and isolated, never translated. */
  namesAreUserData?: boolean;
}

/** A category tick that is user data: isolated like <bdi>, and marked so (the pseudo-locale check skips it). */
function UserDataTick({ x, y, payload, fill }: YAxisTickContentProps) {
  return (
    <text x={x} y={y} dy={4} fontSize={12} fill={fill ?? '#666'} textAnchor={Y_TICK_ANCHOR} unicodeBidi="isolate" data-user-content>
      {String(payload?.value ?? '')}
    </text>
  );
}

/** One bar per row, growing from the line's start (from the right in a right-to-left page). */
export function HorizontalBars<T extends object>({ label, data, nameKey, valueKey, valueName, color = CHART_COLORS.primary, colorOf, format = formatNumber, namesAreUserData }: HorizontalBarsProps<T>) {
  const dir = useChartDirection();
  const height = Math.max(120, data.length * 34 + 40);
  return (
    <div className="report-chart" role="img" aria-label={label} data-testid="report-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 16, bottom: 4, left: 16 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} reversed={dir.reversed} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey={nameKey} orientation={dir.yOrientation} width={120} tick={namesAreUserData ? UserDataTick : { fontSize: 12, textAnchor: Y_TICK_ANCHOR }} interval={0} />
          <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? format(v) : number(v))} />
          <Bar dataKey={valueKey} name={valueName} fill={color} isAnimationActive={false}>
            {colorOf && data.map((row, i) => <Cell key={i} fill={colorOf(row)} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface ColumnsProps<T> {
  label: string;
  data: T[];
  nameKey: string;
  series: { key: string; name: string; color: string }[];
  stacked?: boolean;
  tickFormat?: (value: string) => string;
  valueFormat?: (value: number) => string;
  colorOf?: (row: T) => string;
  /** Label every column (few columns with short names), instead of as many as fit. */
  everyTick?: boolean;
}

/** Columns along a horizontal axis that runs in the page's direction (time flows right to left in RTL). */
export function Columns<T extends object>({ label, data, nameKey, series, stacked, tickFormat, valueFormat = formatNumber, colorOf, everyTick }: ColumnsProps<T>) {
  const dir = useChartDirection();
  return (
    <div className="report-chart" role="img" aria-label={label} data-testid="report-chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 4, left: 8 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey={nameKey} reversed={dir.reversed} tickFormatter={tickFormat ? (v: string) => tickFormat(v) : undefined} tick={{ fontSize: everyTick ? 11 : 12 }} interval={everyTick ? 0 : 'preserveEnd'} />
          <YAxis orientation={dir.yOrientation} allowDecimals={false} tickFormatter={(v: number) => valueFormat(v)} width={56} tick={{ textAnchor: Y_TICK_ANCHOR }} />
          <Tooltip labelFormatter={tickFormat ? (v: unknown) => tickFormat(String(v)) : undefined} formatter={(v: unknown) => (typeof v === 'number' ? valueFormat(v) : number(v))} />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} stackId={stacked ? 'stack' : undefined} isAnimationActive={false}>
              {colorOf && data.map((row, i) => <Cell key={i} fill={colorOf(row)} />)}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
