import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toIssues } from '../../model/zod-issues.js';
import { type RefusalReason, TransientError, TriggerRefused } from '../../trigger/refusal.js';
import {
  type SubmitResult,
  type TriggerRequest,
  triggerRequestSchema,
} from '../../trigger/trigger-request.js';
import type { TriggerMetrics } from '../metrics.js';
import { type AuthConfig, Authenticator, type AuthResult, SIGNATURE_HEADER } from './auth.js';

/** What {@link createTriggerServer} needs. */
export interface TriggerServerOptions {
  /**
   * Credentials callers of `POST /v1/trigger` and `POST /v1/sync` must present. Without them the API is off:
   * both paths answer 404 saying so, and only `/healthz`, `/readyz` and `/metrics` are served.
   */
  readonly auth?: AuthConfig;
  /**
   * Largest request body accepted, in bytes; larger ones get 413 without being read further.
   * @default 65536
   */
  readonly maxBodyBytes?: number;
  /**
   * Starts (or finds) the run for a valid request. Throw {@link TriggerRefused} to answer the status of its
   * reason with its message, or a {@link TransientError} to answer 503; anything else answers 500.
   */
  readonly submit: (request: TriggerRequest) => Promise<SubmitResult>;
  /** Whether the service can take triggers now (watches synced, API server reachable); answers `/readyz`. */
  readonly isReady: () => boolean;
  /**
   * Asks the GitOps loop to sync now (`POST /v1/sync`, a push hook): `started`, or `queued` behind the sync
   * in progress. Without it the route does not exist.
   */
  readonly requestSync?: () => 'started' | 'queued';
  /**
   * Turns the emergency stop on with a reason (`POST /v1/stop`) or off (`POST /v1/resume`), by writing the kill
   * switch every replica watches. Without it the routes do not exist.
   */
  readonly setEmergencyStop?: (stop: { readonly reason: string } | undefined) => Promise<void>;
  readonly metrics: TriggerMetrics;
  /** Writes one structured log entry. */
  readonly log: (entry: Record<string, unknown>) => void;
}

/** The path CD systems post trigger requests to. */
const TRIGGER_PATH = '/v1/trigger';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** A client gets this long to send its headers, and this long for the whole request. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = 5;

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly handle: Handler;
}

/** A response to send: its status, JSON body and any extra headers. */
interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/**
 * The trigger service's HTTP server: `POST /v1/trigger` for CD systems, and `/healthz`, `/readyz` and
 * `/metrics` for Kubernetes and Prometheus. The server is returned unstarted; call `listen` on it.
 *
 * @throws {@link UserError} when `options.auth` is given but configures no credentials.
 */
export function createTriggerServer(options: TriggerServerOptions): Server {
  const routes = routesFor(options);
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    (request, response) => {
      dispatch(routes, request, response).catch((error: unknown) => {
        options.log({ level: 'error', msg: 'request failed', path: request.url, ...describeError(error) });
        if (!response.headersSent) sendJson(response, { status: 500, body: { error: 'internal error' } });
        else response.destroy();
      });
    },
  );
  return server;
}

/** The path git hosts post push events to, when the GitOps loop runs. */
const SYNC_PATH = '/v1/sync';
/** The paths that turn the emergency stop on and off. */
const STOP_PATH = '/v1/stop';
const RESUME_PATH = '/v1/resume';

function routesFor(options: TriggerServerOptions): ReadonlyMap<string, Route> {
  return new Map<string, Route>([
    ...apiRoutes(options),
    ['/healthz', { method: 'GET', handle: async (_, response) => sendText(response, 200, 'ok\n') }],
    ['/readyz', { method: 'GET', handle: async (_, response) => sendReadiness(response, options) }],
    ['/metrics', { method: 'GET', handle: async (_, response) => sendMetrics(response, options) }],
  ]);
}

function apiRoutes(options: TriggerServerOptions): [string, Route][] {
  const auth = options.auth;
  if (auth === undefined) {
    return [TRIGGER_PATH, SYNC_PATH, STOP_PATH, RESUME_PATH].map((path) => [
      path,
      { method: 'POST', handle: apiOff(path) },
    ]);
  }
  const context: TriggerContext = {
    ...options,
    authenticator: new Authenticator(auth),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  const { requestSync, setEmergencyStop } = options;
  return [
    [
      TRIGGER_PATH,
      {
        method: 'POST',
        handle: async (request, response) => sendJson(response, await handleTrigger(request, context)),
      },
    ],
    ...(requestSync === undefined
      ? []
      : [[SYNC_PATH, { method: 'POST', handle: syncHandler(context, requestSync) }] as [string, Route]]),
    ...(setEmergencyStop === undefined ? [] : emergencyStopRoutes(context, setEmergencyStop)),
  ];
}

/** `POST /v1/stop` (body `{"reason": "..."}`, optional) and `POST /v1/resume`. */
function emergencyStopRoutes(
  context: TriggerContext,
  setEmergencyStop: NonNullable<TriggerServerOptions['setEmergencyStop']>,
): [string, Route][] {
  const handler =
    (engage: boolean): Handler =>
    async (request, response) => {
      const authed = await authenticatedBody(request, context);
      sendJson(
        response,
        authed.ok ? await switchEmergencyStop(engage, authed.body, context, setEmergencyStop) : authed.reply,
      );
    };
  return [
    [STOP_PATH, { method: 'POST', handle: handler(true) }],
    [RESUME_PATH, { method: 'POST', handle: handler(false) }],
  ];
}

async function switchEmergencyStop(
  engage: boolean,
  body: Buffer,
  context: TriggerContext,
  setEmergencyStop: NonNullable<TriggerServerOptions['setEmergencyStop']>,
): Promise<Reply> {
  if (!engage) {
    await setEmergencyStop(undefined);
    context.log({ level: 'warn', msg: 'emergency stop lifted' });
    return { status: 200, body: { emergencyStop: false } };
  }
  const reason = stopReasonOf(body);
  if (reason instanceof Error) return { status: 400, body: { error: reason.message } };
  await setEmergencyStop({ reason });
  context.log({ level: 'warn', msg: 'emergency stop on', reason });
  return { status: 200, body: { emergencyStop: true, reason } };
}

/** The reason of a stop request: its JSON body's `reason`, if any; an error for a body that is not that. */
function stopReasonOf(body: Buffer): string | Error {
  const text = body.toString('utf8').trim();
  if (text === '') return 'no reason given';
  try {
    const { reason } = JSON.parse(text) as { reason?: unknown };
    if (reason === undefined) return 'no reason given';
    if (typeof reason === 'string' && reason.trim() !== '') return reason.trim().slice(0, 1024);
  } catch {
    // answered below
  }
  return new Error('send {"reason": "why"} as the body (JSON, a non-empty string), or no body');
}

function apiOff(path: string): Handler {
  return async (_, response) =>
    sendJson(response, {
      status: 404,
      body: {
        error: `POST ${path} is off: the service runs without an HTTP API (chaosflow serve --no-api); start it with credentials to use it`,
      },
    });
}

async function dispatch(
  routes: ReadonlyMap<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  const route = routes.get(path);
  if (route === undefined) {
    sendJson(response, { status: 404, body: { error: `no such path ${path}; try POST ${TRIGGER_PATH}` } });
    return;
  }
  const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
  if (!allowed.includes(request.method ?? '')) {
    sendJson(response, {
      status: 405,
      body: { error: `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}` },
      headers: { allow: allowed.join(', ') },
    });
    return;
  }
  await route.handle(request, response);
}

interface TriggerContext extends TriggerServerOptions {
  readonly authenticator: Authenticator;
  readonly maxBodyBytes: number;
}

function syncHandler(context: TriggerContext, requestSync: () => 'started' | 'queued'): Handler {
  return async (request, response) => {
    const authed = await authenticatedBody(request, context);
    if (!authed.ok) {
      sendJson(response, authed.reply);
      return;
    }
    const sync = requestSync();
    context.log({ level: 'info', msg: 'sync requested', sync, remote: request.socket.remoteAddress });
    sendJson(response, { status: 202, body: { sync } });
  };
}

/** Authenticate, read, parse, validate and submit, in that order: the first failure is the answer. */
async function handleTrigger(request: IncomingMessage, context: TriggerContext): Promise<Reply> {
  const authed = await authenticatedBody(request, context);
  if (!authed.ok) return authed.reply;
  if (!isJson(request.headers['content-type'])) {
    return { status: 415, body: { error: 'send the body as JSON, with content-type: application/json' } };
  }
  const parsed = parseTriggerRequest(authed.body);
  if (!parsed.ok) return { status: 400, body: parsed.body };
  return submit(parsed.request, context);
}

/** The request's body once its credentials hold (a bearer token, or an HMAC signature of the body). */
async function authenticatedBody(
  request: IncomingMessage,
  context: TriggerContext,
): Promise<{ readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly reply: Reply }> {
  const signature = headerValue(request, SIGNATURE_HEADER);
  const early = context.authenticator.checkHeaders({
    authorization: request.headers.authorization,
    signature,
  });
  if (early?.ok === false) return { ok: false, reply: unauthorized(request, early.reason, context) };

  const body = await readBody(request, context.maxBodyBytes);
  if (body === undefined) {
    const reply = {
      status: 413,
      body: { error: `body is larger than ${context.maxBodyBytes} bytes` },
      // The rest of the body is never read, so this connection cannot carry another request.
      headers: { connection: 'close' },
    };
    return { ok: false, reply };
  }
  if (early === undefined && signature !== undefined) {
    const checked: AuthResult = context.authenticator.checkSignature(signature, body);
    if (!checked.ok) return { ok: false, reply: unauthorized(request, checked.reason, context) };
  }
  return { ok: true, body };
}

function unauthorized(request: IncomingMessage, reason: string, context: TriggerContext): Reply {
  context.log({ level: 'warn', msg: 'trigger refused', reason, remote: request.socket.remoteAddress });
  return { status: 401, body: { error: reason }, headers: { 'www-authenticate': 'Bearer' } };
}

/** The body, or `undefined` once it passes `maxBytes`: reading stops there, and what came is dropped. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData).pause();
      chunks.length = 0;
      resolve(undefined);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  const [type, ...parameters] = (contentType ?? '').toLowerCase().split(';');
  const charset = parameters.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  return type?.trim() === 'application/json' && (charset === undefined || charset === 'charset=utf-8');
}

type Parsed =
  | { readonly ok: true; readonly request: TriggerRequest }
  | { readonly ok: false; readonly body: Record<string, unknown> };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseTriggerRequest(body: Buffer): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'it is not UTF-8';
    return { ok: false, body: { error: `body is not valid JSON: ${reason}` } };
  }
  const result = triggerRequestSchema.safeParse(json);
  if (result.success) return { ok: true, request: result.data };
  return {
    ok: false,
    body: { error: 'body is not a valid trigger request', issues: toIssues(result.error, json) },
  };
}

async function submit(request: TriggerRequest, context: TriggerContext): Promise<Reply> {
  let result: SubmitResult;
  try {
    result = await context.submit(request);
  } catch (error) {
    if (error instanceof TriggerRefused) {
      context.log({ level: 'warn', msg: 'trigger refused', reason: error.message, ...summary(request) });
      return { status: REFUSAL_STATUS[error.reason], body: { error: error.message } };
    }
    const retriable = error instanceof TransientError;
    context.log({
      level: 'error',
      msg: 'trigger submit failed',
      retriable,
      ...summary(request),
      ...describeError(error),
    });
    return retriable
      ? {
          status: 503,
          body: { error: 'could not submit the run now; retry later' },
          headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        }
      : { status: 500, body: { error: 'internal error submitting the run; see the service log' } };
  }
  if (result.created) context.metrics.fired('http');
  else context.metrics.skipped('duplicate');
  context.log({ level: 'info', msg: 'trigger accepted', ...summary(request), ...result });
  return { status: 202, body: { ...result, message: acceptedMessage(result) } };
}

function acceptedMessage(result: SubmitResult): string {
  return result.created
    ? `Workflow ${result.workflowName} created`
    : `duplicate: Workflow ${result.workflowName} already exists for this request; nothing new was started`;
}

/** The HTTP status of each reason a trigger is refused for. */
const REFUSAL_STATUS: Record<RefusalReason, 403 | 404 | 409 | 422> = {
  'no-workload': 404,
  'not-opted-in': 403,
  'no-target-label': 422,
  'no-template': 404,
  'several-templates': 409,
  'fixed-target': 422,
  'emergency-stop': 409,
};

function summary(request: TriggerRequest): Record<string, unknown> {
  const { namespace, kind, name } = request.target;
  return {
    workflowId: request.workflowId,
    target: `${kind}/${namespace}/${name}`,
    revision: request.revision,
  };
}

function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}

async function sendReadiness(response: ServerResponse, options: TriggerServerOptions): Promise<void> {
  let ready = false;
  try {
    ready = options.isReady();
  } catch (error) {
    options.log({ level: 'error', msg: 'readiness check failed', ...describeError(error) });
  }
  sendJson(response, ready ? { status: 200, body: { ready } } : { status: 503, body: { ready } });
}

async function sendMetrics(response: ServerResponse, options: TriggerServerOptions): Promise<void> {
  const { contentType, body } = await options.metrics.render();
  response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': text.length });
  response.end(text);
}

function sendJson(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
