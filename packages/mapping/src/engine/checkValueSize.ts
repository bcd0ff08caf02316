/**
 * Throws when a value would take more than `max` characters as JSON (roughly: string lengths plus
 * one per element and key). The engine bounds each value it builds, but an array may hold the same
 * large string many times: cheap in memory, yet every copy is written out when the value is
 * serialised (for the worker's reply, for hashing, for Port). Stops walking as soon as it is over.
 */
export function checkValueSize(value: unknown, max: number): void {
  if (value === null || typeof value !== 'object') return;
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    size += 1;
    if (typeof v === 'string') size += v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        size += k.length;
        stack.push(x);
      }
    }
    if (size > max) {
      throw new Error(
        `the expression's value is larger than ${max} characters as JSON`,
      );
    }
  }
}
