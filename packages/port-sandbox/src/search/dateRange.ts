import { invalid } from '../api/PortApiError';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rolling windows ending now; Port's preset names from its search docs. */
const PRESET_DAYS: Record<string, number> = {
  today: 1,
  yesterday: 2,
  lastWeek: 7,
  last2Weeks: 14,
  lastMonth: 30,
  last3Months: 90,
  last6Months: 180,
  last12Months: 365,
};

/** Resolves a date rule's `{from, to}` or `{preset}` to epoch milliseconds. */
export function dateRange(
  value: unknown,
  now: number,
): { from: number; to: number } {
  if (value && typeof value === 'object') {
    const range = value as { from?: unknown; to?: unknown; preset?: unknown };
    if (typeof range.preset === 'string') {
      const days = PRESET_DAYS[range.preset];
      if (days === undefined)
        throw invalid(`Unknown date preset "${range.preset}"`);
      if (range.preset === 'today') {
        const start = new Date(now);
        start.setUTCHours(0, 0, 0, 0);
        return { from: start.getTime(), to: now };
      }
      return { from: now - days * DAY_MS, to: now };
    }
    const from = typeof range.from === 'string' ? Date.parse(range.from) : NaN;
    const to = typeof range.to === 'string' ? Date.parse(range.to) : NaN;
    if (!Number.isNaN(from) && !Number.isNaN(to)) return { from, to };
  }
  throw invalid(
    'A date rule needs a value {from, to} with ISO dates, or {preset}',
  );
}
