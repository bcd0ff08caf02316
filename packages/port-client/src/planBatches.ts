/** `{"entities":[` and `]}` around a bulk body's items. */
const ENVELOPE_BYTES = Buffer.byteLength('{"entities":[]}');

/** @public */
export interface BatchPlan {
  /** Input indexes per request, in input order. */
  batches: number[][];
  /** Input indexes whose body alone would exceed the byte limit. */
  tooLarge: number[];
}

/**
 * Splits items into consecutive bulk bodies of at most `maxItems` items and at most
 * `maxBytes` bytes once serialised as `{"entities":[…]}` in UTF-8 (Port: 20 entities, 1 MiB,
 * port-api-notes §1.3 and §3). Items are measured one by one, so one large entity cannot
 * push its neighbours over the limit the way Ocean's average-size estimate can.
 * @public
 */
export function planBatches(
  sizes: number[],
  maxItems: number,
  maxBytes: number,
): BatchPlan {
  const batches: number[][] = [];
  const tooLarge: number[] = [];
  let current: number[] = [];
  let currentBytes = ENVELOPE_BYTES;

  sizes.forEach((size, index) => {
    if (ENVELOPE_BYTES + size > maxBytes) {
      tooLarge.push(index);
      return;
    }
    const separator = current.length > 0 ? 1 : 0;
    if (
      current.length >= maxItems ||
      currentBytes + separator + size > maxBytes
    ) {
      batches.push(current);
      current = [];
      currentBytes = ENVELOPE_BYTES;
    }
    currentBytes += (current.length > 0 ? 1 : 0) + size;
    current.push(index);
  });
  if (current.length > 0) batches.push(current);
  return { batches, tooLarge };
}
