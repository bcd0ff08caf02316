import { checkBody } from '../validation/routeSchemas';
import { PortApiError } from './PortApiError';
import { Route } from './Route';

/** `POST /v1/auth/access_token` (port-api-notes §1.2). */
export const authRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/auth/access_token',
    handler: ({ state, body }) => {
      const { clientId, clientSecret } = checkBody<{
        clientId: string;
        clientSecret: string;
      }>('accessToken', body);
      if (clientId !== state.clientId || clientSecret !== state.clientSecret) {
        throw new PortApiError(
          401,
          'invalid_credentials',
          'Invalid client id or client secret',
        );
      }
      const token = state.tokens.issue(clientId);
      return {
        body: {
          ok: true,
          accessToken: token.accessToken,
          expiresIn: token.expiresIn,
          tokenType: 'Bearer',
        },
      };
    },
  },
];
