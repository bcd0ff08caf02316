import { Dialect } from '../runtime/values';
import { fail } from '../runtime/ops';

/** jq's broken-down time: [year, month (0-11), day, hours, minutes, seconds, weekday, day of year]. */
export type BrokenDownTime = number[];

const DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dayOfYear(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m, d) - Date.UTC(y, 0, 1)) / 86400000);
}

export function gmtime(t: unknown, name = 'gmtime'): BrokenDownTime {
  if (typeof t !== 'number') fail(`${name}() requires numeric inputs`);
  // jq converts to a C time_t (toward zero) and adds back the fraction above the floor:
  // -1.5 is 23:59:59 plus 0.5
  const secs = Math.trunc(t);
  const d = new Date(secs * 1000);
  if (Number.isNaN(d.getTime())) fail(`${name}() requires a valid time`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  return [
    y,
    m,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds() + (t - Math.floor(t)),
    d.getUTCDay(),
    dayOfYear(y, m, day),
  ];
}

function checkTm(v: unknown, msg: string, dialect: Dialect): number[] {
  if (!Array.isArray(v)) fail(msg);
  const arr = v as unknown[];
  // jq 1.7.1 needs all six fields
  if (dialect === '1.7' && arr.length < 6) fail(msg);
  if (!arr.every(x => typeof x === 'number')) fail(msg);
  // jq 1.8 accepts shortened broken-down times; missing fields are zero
  const tm = (arr as number[]).slice(0, 6);
  while (tm.length < 6) tm.push(tm.length === 2 ? 1 : 0);
  return arr.length > 6 ? [...tm, ...(arr.slice(6) as number[])] : tm;
}

export function mktime(v: unknown, dialect: Dialect): number {
  if (!Array.isArray(v)) fail('mktime requires array inputs');
  if (dialect === '1.7' && v.length < 6) {
    fail('mktime requires parsed datetime inputs');
  }
  const tm = checkTm(v, 'mktime requires parsed datetime inputs', dialect);
  const ms = Date.UTC(tm[0], tm[1], tm[2], tm[3], tm[4], Math.floor(tm[5]));
  return Math.floor(ms / 1000);
}

const pad = (n: number, w = 2, c = '0') => String(Math.trunc(n)).padStart(w, c);

function isoWeek(y: number, m: number, d: number): [number, number] {
  const date = new Date(Date.UTC(y, m, d));
  const day = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - day + 3);
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  const week =
    1 +
    Math.round(
      ((date.getTime() - firstThursday.getTime()) / 86400000 -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  return [weekYear, week];
}

export function strftime(
  v: unknown,
  fmt: unknown,
  dialect: Dialect,
  name = 'strftime/1',
): string {
  if (typeof fmt !== 'string') fail(`${name} requires a string format`);
  const tm =
    typeof v === 'number'
      ? gmtime(v)
      : checkTm(v, `${name} requires parsed datetime inputs`, dialect);
  const [y, mo, d, h, mi, sRaw] = tm;
  const s = Math.floor(sRaw);
  const wd = tm[6] ?? new Date(Date.UTC(y, mo, d)).getUTCDay();
  const yd = tm[7] ?? dayOfYear(y, mo, d);
  const epoch = Math.floor(Date.UTC(y, mo, d, h, mi, s) / 1000);
  const conv = (c: string): string => {
    switch (c) {
      case 'Y':
        return String(y);
      case 'C':
        return pad(Math.floor(y / 100));
      case 'y':
        return pad(y % 100);
      case 'm':
        return pad(mo + 1);
      case 'd':
        return pad(d);
      case 'e':
        return pad(d, 2, ' ');
      case 'H':
        return pad(h);
      case 'I':
        return pad(h % 12 === 0 ? 12 : h % 12);
      case 'M':
        return pad(mi);
      case 'S':
        return pad(s);
      case 'j':
        return pad(yd + 1, 3);
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'a':
        return DAYS[wd].slice(0, 3);
      case 'A':
        return DAYS[wd];
      case 'b':
      case 'h':
        return MONTHS[mo].slice(0, 3);
      case 'B':
        return MONTHS[mo];
      case 'p':
        return h < 12 ? 'AM' : 'PM';
      case 'c':
        return `${DAYS[wd].slice(0, 3)} ${MONTHS[mo].slice(0, 3)} ${pad(
          d,
          2,
          ' ',
        )} ${pad(h)}:${pad(mi)}:${pad(s)} ${y}`;
      case 'D':
        return `${pad(mo + 1)}/${pad(d)}/${pad(y % 100)}`;
      case 'F':
        return `${y}-${pad(mo + 1)}-${pad(d)}`;
      case 'T':
        return `${pad(h)}:${pad(mi)}:${pad(s)}`;
      case 'R':
        return `${pad(h)}:${pad(mi)}`;
      case 'r':
        return `${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(mi)}:${pad(s)} ${
          h < 12 ? 'AM' : 'PM'
        }`;
      case 's':
        return String(epoch);
      case 'u':
        return String(wd === 0 ? 7 : wd);
      case 'w':
        return String(wd);
      case 'G':
        return String(isoWeek(y, mo, d)[0]);
      case 'g':
        return pad(isoWeek(y, mo, d)[0] % 100);
      case 'V':
        return pad(isoWeek(y, mo, d)[1]);
      case 'U':
        return pad(Math.floor((yd + 7 - wd) / 7));
      case 'W':
        return pad(Math.floor((yd + 7 - ((wd + 6) % 7)) / 7));
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return `%${c}`;
    }
  };
  return fmt.replace(/%([A-Za-z%])/g, (_m, c: string) => conv(c));
}

export function strptime(v: unknown, fmt: unknown): BrokenDownTime {
  if (typeof v !== 'string')
    fail(`strptime/1 requires string inputs and arguments`);
  if (typeof fmt !== 'string')
    fail(`strptime/1 requires string inputs and arguments`);
  let y = 1900;
  let mo = 0;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let pm: boolean | null = null;
  let epoch: number | null = null;
  let pos = 0;
  const bad = (): never => fail(`date "${v}" does not match format "${fmt}"`);
  const num = (maxLen: number, allowSign = false): number => {
    const re = new RegExp(`^${allowSign ? '[+-]?' : ''}\\d{1,${maxLen}}`);
    const m = re.exec(v.slice(pos));
    if (!m) bad();
    pos += m![0].length;
    return Number(m![0]);
  };
  const name = (list: string[]): number => {
    const rest = v.slice(pos).toLowerCase();
    for (let i = 0; i < list.length; i++) {
      const full = list[i].toLowerCase();
      if (rest.startsWith(full)) {
        pos += full.length;
        return i;
      }
      if (rest.startsWith(full.slice(0, 3))) {
        pos += 3;
        return i;
      }
    }
    return bad();
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '%') {
      const dch = fmt[++i];
      switch (dch) {
        case 'Y':
          y = num(4, true);
          break;
        case 'm':
          mo = num(2) - 1;
          break;
        case 'd':
        case 'e':
          while (v[pos] === ' ') pos++;
          d = num(2);
          break;
        case 'H':
          h = num(2);
          break;
        case 'I':
          h = num(2);
          break;
        case 'M':
          mi = num(2);
          break;
        case 'S':
          s = num(2);
          break;
        case 'j':
          num(3);
          break;
        case 'y': {
          const yy = num(2);
          y = yy < 69 ? 2000 + yy : 1900 + yy;
          break;
        }
        case 'a':
        case 'A':
          name(DAYS);
          break;
        case 'b':
        case 'B':
        case 'h':
          mo = name(MONTHS);
          break;
        case 'p': {
          const rest = v.slice(pos, pos + 2).toUpperCase();
          if (rest !== 'AM' && rest !== 'PM') bad();
          pm = rest === 'PM';
          pos += 2;
          break;
        }
        case 'Z': {
          const m = /^[A-Za-z]+/.exec(v.slice(pos));
          if (m) pos += m[0].length;
          break;
        }
        case 'z': {
          // jq's timegm-based parsing reads the offset but keeps the wall-clock fields as written
          const m = /^(?:Z|[+-]\d{2}:?\d{2})/.exec(v.slice(pos));
          if (!m) bad();
          pos += m![0].length;
          break;
        }
        case 's':
          epoch = num(20, true);
          break;
        case 'T':
          h = num(2);
          if (v[pos++] !== ':') bad();
          mi = num(2);
          if (v[pos++] !== ':') bad();
          s = num(2);
          break;
        case 'F':
          y = num(4, true);
          if (v[pos++] !== '-') bad();
          mo = num(2) - 1;
          if (v[pos++] !== '-') bad();
          d = num(2);
          break;
        case 'n':
        case 't':
          while (/\s/.test(v[pos] ?? '')) pos++;
          break;
        case '%':
          if (v[pos++] !== '%') bad();
          break;
        default:
          bad();
      }
    } else if (/\s/.test(c)) {
      while (/\s/.test(v[pos] ?? '')) pos++;
    } else {
      if (v[pos] !== c) bad();
      pos++;
    }
  }
  if (pos !== v.length) bad();
  if (epoch !== null) return gmtime(epoch);
  if (pm !== null) h = (h % 12) + (pm ? 12 : 0);
  const date = new Date(Date.UTC(y, mo, d, h, mi, s));
  return [y, mo, d, h, mi, s, date.getUTCDay(), dayOfYear(y, mo, d)];
}
