import { CustomErrorBase } from '@backstage/errors';

/** A request body that is not JSON, on a route that only takes JSON. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415;
}

/** A request body over a route's own limit (a preview's caller mapping). */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}
