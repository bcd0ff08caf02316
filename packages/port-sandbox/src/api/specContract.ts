import { RequestHandler, Response } from 'express';
import { SandboxState } from '../sandbox/SandboxState';
import { PortSpec, SpecMatch } from '../spec/PortSpec';
import { invalid } from './PortApiError';

function matchOf(res: Response): SpecMatch | undefined {
  return res.locals.specMatch;
}

/**
 * Finds the spec operation of each `/v1` request and, when the sandbox records
 * its contract, checks every JSON response it sends against the schema the spec
 * documents for that status. Runs before auth, so 401s are checked too.
 */
export function checkResponses(state: SandboxState): RequestHandler {
  const spec = PortSpec.get();
  return (req, res, next) => {
    const match = spec.match(req.method, req.path);
    res.locals.specMatch = match;
    const contract = state.contract;
    if (match && contract) {
      const json = res.json.bind(res);
      res.json = body => {
        const message = spec.checkResponse(match, res.statusCode, body);
        if (message) {
          contract.add({
            kind: 'response',
            method: req.method,
            path: req.path,
            operation: match.template,
            status: res.statusCode,
            message,
          });
        }
        return json(body);
      };
    }
    next();
  };
}

/**
 * Answers Port's 422 to a request that breaks its operation's parameters or body
 * schema in the spec (and records it as the client's violation).
 */
export function checkRequests(state: SandboxState): RequestHandler {
  const spec = PortSpec.get();
  return (req, res, next) => {
    const match = matchOf(res);
    const message =
      match &&
      spec.checkRequest(match, {
        query: req.query as Record<string, unknown>,
        body: req.body,
      });
    if (!match || !message) {
      next();
      return;
    }
    state.contract?.add({
      kind: 'request',
      method: req.method,
      path: req.path,
      operation: match.template,
      status: 422,
      message,
    });
    next(
      invalid(
        `The json provided does not match the route's schema: ${message}`,
      ),
    );
  };
}
