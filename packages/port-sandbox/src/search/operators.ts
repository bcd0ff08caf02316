import { invalid } from '../api/PortApiError';
import { dateRange } from './dateRange';

type Test = (field: unknown, value: unknown, now: number) => boolean;

/**
 * Port's search operators (port-api-notes §1.3). Array fields (such as `$team` or a
 * many relation) match when any element does; that reading is the sandbox's own
 * (README: assumed).
 */
const OPERATORS: Record<string, Test> = {
  '=': (field, value) => anyElement(field, element => element === value),
  '!=': (field, value) => !anyElement(field, element => element === value),
  contains: (field, value) =>
    anyElement(field, element => includes(element, value)),
  doesNotContains: (field, value) =>
    !anyElement(field, element => includes(element, value)),
  containsAny: (field, value) =>
    asList(value, 'containsAny').some(candidate =>
      anyElement(field, element =>
        Array.isArray(field)
          ? element === candidate
          : includes(element, candidate),
      ),
    ),
  beginsWith: (field, value) =>
    typeof field === 'string' &&
    typeof value === 'string' &&
    field.startsWith(value),
  doesNotBeginsWith: (field, value) =>
    !(
      typeof field === 'string' &&
      typeof value === 'string' &&
      field.startsWith(value)
    ),
  endsWith: (field, value) =>
    typeof field === 'string' &&
    typeof value === 'string' &&
    field.endsWith(value),
  doesNotEndsWith: (field, value) =>
    !(
      typeof field === 'string' &&
      typeof value === 'string' &&
      field.endsWith(value)
    ),
  in: (field, value) => {
    const list = asList(value, 'in');
    return anyElement(field, element => list.includes(element));
  },
  notIn: (field, value) => {
    const list = asList(value, 'notIn');
    return !anyElement(field, element => list.includes(element));
  },
  '>': (field, value) => compare(field, value, (a, b) => a > b),
  '>=': (field, value) => compare(field, value, (a, b) => a >= b),
  '<': (field, value) => compare(field, value, (a, b) => a < b),
  '<=': (field, value) => compare(field, value, (a, b) => a <= b),
  between: (field, value, now) => inRange(field, value, now),
  notBetween: (field, value, now) => !inRange(field, value, now),
  isEmpty: field => isEmpty(field),
  isNotEmpty: field => !isEmpty(field),
  isExpired: (field, _value, now) => timeOf(field) <= now,
  isNotExpired: (field, _value, now) => !(timeOf(field) <= now),
};

export function operatorTest(operator: string): Test {
  const test = OPERATORS[operator];
  if (!test) throw invalid(`Unsupported search operator "${operator}"`);
  return test;
}

/** A date `=` with a range or preset means "within"; otherwise plain equality. */
export function isRangeValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function anyElement(
  field: unknown,
  test: (element: unknown) => boolean,
): boolean {
  return Array.isArray(field) ? field.some(test) : test(field);
}

function includes(element: unknown, value: unknown): boolean {
  return (
    typeof element === 'string' &&
    typeof value === 'string' &&
    element.includes(value)
  );
}

function asList(value: unknown, operator: string): unknown[] {
  if (!Array.isArray(value))
    throw invalid(`Operator "${operator}" needs an array value`);
  return value;
}

function compare(
  field: unknown,
  value: unknown,
  test: (a: number, b: number) => boolean,
): boolean {
  if (typeof field === 'number' && typeof value === 'number')
    return test(field, value);
  if (typeof field === 'string' && typeof value === 'string') {
    const a = Date.parse(field);
    const b = Date.parse(value);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  }
  return false;
}

function timeOf(field: unknown): number {
  return typeof field === 'string' ? Date.parse(field) : NaN;
}

function inRange(field: unknown, value: unknown, now: number): boolean {
  const { from, to } = dateRange(value, now);
  const time = timeOf(field);
  return time >= from && time <= to;
}

function isEmpty(field: unknown): boolean {
  if (field === null || field === undefined || field === '') return true;
  if (Array.isArray(field)) return field.length === 0;
  if (typeof field === 'object') return Object.keys(field).length === 0;
  return false;
}
