/** The smallest code point each sequence length may encode; anything below is an overlong form. */
const FIRST_CODE_POINT = [0, 0, 0x80, 0x800, 0x10000];

/** How many bytes a sequence starting with `b` claims: 0 for a byte that cannot start one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b < 0xc2) return 0; // a continuation byte, or C0/C1 (only ever overlong)
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  if (b < 0xf5) return 4;
  return 0;
}

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/**
 * Bytes to a string the way jq 1.7.1 reads bytes that may not be UTF-8 (`@base64d`, `@base32d`,
 * `@uri` decoding). Each invalid sequence becomes one U+FFFD, but jq's sequences differ from the
 * WHATWG decoder (`TextDecoder`): a sequence cut short by a non-continuation byte is one U+FFFD up
 * to that byte, one cut short by the end of the input swallows the rest, and a complete but
 * overlong, surrogate or out-of-range sequence is a single U+FFFD rather than one per byte.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i];
    let length = sequenceLength(first);
    let codePoint = -1;
    if (length === 1) {
      codePoint = first;
    } else if (length === 0) {
      length = 1;
    } else if (i + length > bytes.length) {
      length = bytes.length - i;
    } else {
      codePoint = first & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) {
        const b = bytes[i + k];
        if (!isContinuation(b)) {
          codePoint = -1;
          length = k;
          break;
        }
        codePoint = (codePoint << 6) | (b & 0x3f);
      }
      if (
        codePoint < FIRST_CODE_POINT[length] ||
        (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
        codePoint > 0x10ffff
      ) {
        codePoint = -1;
      }
    }
    out += codePoint < 0 ? '\uFFFD' : String.fromCodePoint(codePoint);
    i += length;
  }
  return out;
}
