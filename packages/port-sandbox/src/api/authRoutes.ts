import { PortApiError } from './PortApiError';
import { Route } from './Route';

/** `POST /v1/auth/access_token` (port-api-notes §1.2). */
export const authRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/auth/access_token',
    handler: ({ state, body }) => {
      const { clientId, clientSecret } = body as {
        clientId: string;
        clientSecret: string;
      };
      const credentials = state.credentials.get(clientId);
      if (credentials?.clientSecret !== clientSecret) {
        throw new PortApiError(
          401,
          'invalid_credentials',
          'Invalid client id or client secret',
        );
      }
      const token = state.tokens.issue({ clientId, role: credentials.role });
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
