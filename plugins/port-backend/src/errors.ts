import { CustomErrorBase } from '@backstage/errors';

/** A request body that is not JSON, on a route that only takes JSON. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415;
}
