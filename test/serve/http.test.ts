import { createHmac } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createTriggerServer, type TriggerServerOptions } from '../../src/serve/http/server.js';
import { TriggerMetrics } from '../../src/serve/metrics.js';
import { TransientError, TriggerRefused } from '../../src/trigger/refusal.js';
import type { SubmitResult, TriggerRequest } from '../../src/trigger/trigger-request.js';

const TOKEN = 'test-token-7f3a9c';
const SECRET = 'test-hmac-secret-41b2';
const MAX_BODY_BYTES = 64 * 1024;

const VALID = {
  workflowId: 'checkout-gameday',
  target: { namespace: 'shop', kind: 'deployment', name: 'checkout' },
  revision: 'v1.4.2',
};
const CREATED: SubmitResult = {
  workflowName: 'checkout-gameday-3f9a1c2b7d',
  namespace: 'litmus',
  created: true,
};

interface Harness {
  readonly url: string;
  readonly submitted: TriggerRequest[];
  readonly logs: Record<string, unknown>[];
  readonly metrics: TriggerMetrics;
  ready: boolean;
  submit: (request: TriggerRequest) => Promise<SubmitResult>;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server on a free port with both kinds of credentials, a recording submit and a readiness switch. */
async function start(overrides: Partial<TriggerServerOptions> = {}): Promise<Harness> {
  const harness: Harness = {
    url: '',
    submitted: [],
    logs: [],
    metrics: new TriggerMetrics(),
    ready: true,
    submit: async () => CREATED,
  };
  const server = createTriggerServer({
    auth: { token: TOKEN, hmacSecret: SECRET },
    submit: (request) => {
      harness.submitted.push(request);
      return harness.submit(request);
    },
    isReady: () => harness.ready,
    metrics: harness.metrics,
    log: (entry) => harness.logs.push(entry),
    ...overrides,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(harness, { url: `http://127.0.0.1:${port}` });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const BEARER = { ...JSON_TYPE, authorization: `Bearer ${TOKEN}` };

function sign(body: string | Uint8Array, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function post(
  harness: Harness,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(`${harness.url}/v1/trigger`, { method: 'POST', body, headers });
}

async function reply(response: Response): Promise<{ status: number; body: unknown }> {
  return { status: response.status, body: await response.json() };
}

describe('POST /v1/trigger: authentication', () => {
  it('answers 401 without credentials, and submits nothing', async () => {
    const harness = await start();
    expect(await reply(await post(harness, JSON.stringify(VALID), JSON_TYPE))).toEqual({
      status: 401,
      body: {
        error:
          'no credentials: send Authorization: Bearer <token> or x-chaosflow-signature: sha256=<HMAC-SHA256 of the body>',
      },
    });
    expect(harness.submitted).toEqual([]);
  });

  it('answers 401 to a wrong bearer token', async () => {
    const harness = await start();
    const response = await post(harness, JSON.stringify(VALID), {
      ...JSON_TYPE,
      authorization: 'Bearer nope',
    });
    expect(await reply(response)).toEqual({ status: 401, body: { error: 'wrong bearer token' } });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(harness.submitted).toEqual([]);
  });

  it('answers 401 to the token with one character more, and to an Authorization of another scheme', async () => {
    const harness = await start();
    const longer = await post(harness, JSON.stringify(VALID), {
      ...JSON_TYPE,
      authorization: `Bearer ${TOKEN}x`,
    });
    expect(await reply(longer)).toEqual({ status: 401, body: { error: 'wrong bearer token' } });
    const basic = await post(harness, JSON.stringify(VALID), {
      ...JSON_TYPE,
      authorization: `Basic ${TOKEN}`,
    });
    expect(await reply(basic)).toEqual({
      status: 401,
      body: { error: 'malformed Authorization header: expected Bearer <token>' },
    });
    expect(harness.submitted).toEqual([]);
  });

  it('answers 202 with the Workflow to the right bearer token, and submits the validated request', async () => {
    const harness = await start();
    expect(await reply(await post(harness, JSON.stringify(VALID), BEARER))).toEqual({
      status: 202,
      body: { ...CREATED, message: 'Workflow checkout-gameday-3f9a1c2b7d created' },
    });
    expect(harness.submitted).toEqual([{ ...VALID, parameters: {} }]);
  });

  it('answers 202 to a correct HMAC signature of the body', async () => {
    const harness = await start();
    const body = JSON.stringify({ ...VALID, parameters: { chaosDuration: '60' } });
    const response = await post(harness, body, { ...JSON_TYPE, 'x-chaosflow-signature': sign(body) });
    expect(response.status).toBe(202);
    expect(harness.submitted).toEqual([{ ...VALID, parameters: { chaosDuration: '60' } }]);
  });

  it('answers 401 to a signature made with another secret, or of another body', async () => {
    const harness = await start();
    const body = JSON.stringify(VALID);
    const wrongSecret = await post(harness, body, {
      ...JSON_TYPE,
      'x-chaosflow-signature': sign(body, 'other'),
    });
    expect(await reply(wrongSecret)).toEqual({
      status: 401,
      body: { error: 'x-chaosflow-signature does not match the body' },
    });
    const tampered = JSON.stringify({ ...VALID, revision: 'v9' });
    const replayed = await post(harness, tampered, { ...JSON_TYPE, 'x-chaosflow-signature': sign(body) });
    expect(replayed.status).toBe(401);
    expect(harness.submitted).toEqual([]);
  });

  it('answers 401 to a signature header that is not sha256=<64 hex digits>', async () => {
    const harness = await start();
    const body = JSON.stringify(VALID);
    const digest = sign(body).slice('sha256='.length);
    for (const signature of [digest, `sha1=${digest}`, `sha256=${digest.slice(1)}`, 'sha256=']) {
      const response = await post(harness, body, { ...JSON_TYPE, 'x-chaosflow-signature': signature });
      expect(await reply(response), signature).toEqual({
        status: 401,
        body: { error: 'malformed x-chaosflow-signature header: expected sha256=<64 hex digits>' },
      });
    }
  });

  it('accepts only the configured kind of credential', async () => {
    const harness = await start({ auth: { hmacSecret: SECRET } });
    const response = await post(harness, JSON.stringify(VALID), BEARER);
    expect(await reply(response)).toEqual({
      status: 401,
      body: { error: 'no credentials: send x-chaosflow-signature: sha256=<HMAC-SHA256 of the body>' },
    });
  });

  it('refuses to start with no credentials configured', () => {
    const options = { submit: async () => CREATED, isReady: () => true, metrics: new TriggerMetrics() };
    expect(() => createTriggerServer({ ...options, auth: {}, log: () => {} })).toThrow(UserError);
    expect(() => createTriggerServer({ ...options, auth: {}, log: () => {} })).toThrow(
      /no credentials configured; set a bearer token, an HMAC secret, or both/,
    );
    expect(() => createTriggerServer({ ...options, auth: { token: '' }, log: () => {} })).toThrow(
      'trigger auth: token is empty; give a non-empty value or leave it out',
    );
  });
});

describe('the HTTP API turned off (serve --no-api)', () => {
  it('answers 404 saying so on every API path, and still serves health and metrics', async () => {
    const metrics = new TriggerMetrics();
    const server = createTriggerServer({
      submit: async () => CREATED,
      isReady: () => true,
      requestSync: () => 'started',
      metrics,
      log: () => {},
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ['/v1/trigger', '/v1/sync', '/v1/stop', '/v1/resume']) {
      const response = await fetch(`${url}${path}`, { method: 'POST', body: '{}', headers: BEARER });
      expect(await reply(response)).toEqual({
        status: 404,
        body: {
          error: `POST ${path} is off: the service runs without an HTTP API (chaosflow serve --no-api); start it with credentials to use it`,
        },
      });
    }
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('chaosflow_trigger_paused 0');
  });
});

describe('POST /v1/trigger: the body', () => {
  it('answers 400 with the reason to malformed JSON', async () => {
    const harness = await start();
    const { status, body } = await reply(await post(harness, '{"workflowId": "checkout-gameday",}', BEARER));
    expect(status).toBe(400);
    // V8 words the reason; newer releases append the line and column.
    expect((body as { error: string }).error).toMatch(
      /^body is not valid JSON: Expected double-quoted property name in JSON at position 34\b/,
    );
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    const harness = await start();
    const response = await post(harness, new Uint8Array([0x22, 0xff, 0xfe, 0x22]), BEARER);
    expect(await reply(response)).toEqual({
      status: 400,
      body: { error: 'body is not valid JSON: it is not UTF-8' },
    });
  });

  it('answers 400 naming the missing workflowId', async () => {
    const harness = await start();
    const { workflowId: _, ...withoutId } = VALID;
    expect(await reply(await post(harness, JSON.stringify(withoutId), BEARER))).toEqual({
      status: 400,
      body: {
        error: 'body is not a valid trigger request',
        issues: [
          {
            path: 'workflowId',
            message: 'missing required field "workflowId"',
            hint: 'add workflowId (string)',
          },
        ],
      },
    });
    expect(harness.submitted).toEqual([]);
  });

  it('answers 400 with every issue and its path', async () => {
    const harness = await start();
    const body = { ...VALID, target: { ...VALID.target, kind: 'job', namespace: 'Shop' }, extra: 1 };
    const response = await reply(await post(harness, JSON.stringify(body), BEARER));
    expect(response.status).toBe(400);
    expect(
      (response.body as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort(),
    ).toEqual(['', 'target.kind', 'target.namespace']);
  });

  it('answers 413 to a body over the limit, and takes one exactly at it', async () => {
    const harness = await start();
    const json = JSON.stringify(VALID);
    const atLimit = await post(harness, json + ' '.repeat(MAX_BODY_BYTES - json.length), BEARER);
    expect(atLimit.status).toBe(202);
    const over = await post(harness, json + ' '.repeat(MAX_BODY_BYTES - json.length + 1), BEARER);
    expect(await reply(over)).toEqual({ status: 413, body: { error: 'body is larger than 65536 bytes' } });
    expect(harness.submitted).toHaveLength(1);
  });

  it('answers 413 to a streamed body over the limit without reading all of it', async () => {
    const harness = await start({ maxBodyBytes: 1024 });
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const chunks = 16 * 1024; // 256 MiB in all, far more than the socket buffers between client and server
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        await new Promise(setImmediate);
        if (sent++ < chunks) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${harness.url}/v1/trigger`, {
      method: 'POST',
      body,
      headers: BEARER,
      duplex: 'half',
    } as RequestInit);
    expect(await reply(response)).toEqual({ status: 413, body: { error: 'body is larger than 1024 bytes' } });
    expect(sent).toBeLessThan(chunks / 4);
  });

  it('answers 413 from the Content-Length alone, before the body comes', async () => {
    const harness = await start();
    const { port } = new URL(harness.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(
        {
          hostname: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/trigger',
          headers: { ...BEARER, 'content-length': 10 * 1024 * 1024 },
        },
        (response) => resolve(response.statusCode),
      );
      request.on('error', reject);
      request.write('{"workflowId":');
    });
    expect(status).toBe(413);
  });

  it('answers 415 unless the body is sent as application/json', async () => {
    const harness = await start();
    const body = JSON.stringify(VALID);
    const expected = {
      status: 415,
      body: { error: 'send the body as JSON, with content-type: application/json' },
    };
    expect(await reply(await post(harness, body, { ...BEARER, 'content-type': 'text/plain' }))).toEqual(
      expected,
    );
    const latin1 = { ...BEARER, 'content-type': 'application/json; charset=latin1' };
    expect(await reply(await post(harness, body, latin1))).toEqual(expected);
    const utf8 = { ...BEARER, 'content-type': 'Application/JSON; charset=UTF-8' };
    expect((await post(harness, body, utf8)).status).toBe(202);
  });
});

describe('POST /v1/trigger: submitting', () => {
  it('answers 202 to a duplicate, saying nothing new was started', async () => {
    const harness = await start();
    harness.submit = async () => ({ ...CREATED, created: false });
    expect(await reply(await post(harness, JSON.stringify(VALID), BEARER))).toEqual({
      status: 202,
      body: {
        ...CREATED,
        created: false,
        message:
          'duplicate: Workflow checkout-gameday-3f9a1c2b7d already exists for this request; nothing new was started',
      },
    });
  });

  it('answers a refused request with its status and reason, and counts no run', async () => {
    const harness = await start();
    harness.submit = async () => {
      throw new TriggerRefused('not-opted-in', 'deployment shop/checkout is not opted in as a chaos target');
    };
    expect(await reply(await post(harness, JSON.stringify(VALID), BEARER))).toEqual({
      status: 403,
      body: { error: 'deployment shop/checkout is not opted in as a chaos target' },
    });
    const metrics = (await harness.metrics.render()).body;
    expect(metrics).toContain('\nchaosflow_triggers_fired_total{kind="http"} 0\n');
  });

  it.each([
    ['no-workload', 404],
    ['not-opted-in', 403],
    ['no-target-label', 422],
    ['no-template', 404],
    ['several-templates', 409],
    ['fixed-target', 422],
  ] as const)('answers a trigger refused for %s with %i', async (reason, status) => {
    const harness = await start();
    harness.submit = async () => {
      throw new TriggerRefused(reason, `refused: ${reason}`);
    };
    expect(await reply(await post(harness, JSON.stringify(VALID), BEARER))).toEqual({
      status,
      body: { error: `refused: ${reason}` },
    });
  });

  it('answers 503 with Retry-After when submit fails with a retriable error', async () => {
    const harness = await start();
    harness.submit = async () => {
      throw new TransientError('connect ECONNREFUSED 10.0.0.1:6443');
    };
    const response = await post(harness, JSON.stringify(VALID), BEARER);
    expect(await reply(response)).toEqual({
      status: 503,
      body: { error: 'could not submit the run now; retry later' },
    });
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('answers 500 to any other failure without leaking it, and logs it', async () => {
    const harness = await start();
    harness.submit = async () => {
      throw new Error(
        'workflowtemplates.argoproj.io is forbidden: User "system:serviceaccount:x" cannot list',
      );
    };
    expect(await reply(await post(harness, JSON.stringify(VALID), BEARER))).toEqual({
      status: 500,
      body: { error: 'internal error submitting the run; see the service log' },
    });
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        retriable: false,
        error: expect.stringContaining('is forbidden'),
        target: 'deployment/shop/checkout',
      }),
    );
  });
});

describe('other routes', () => {
  it('answers /healthz with 200 ok', async () => {
    const harness = await start();
    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('answers /readyz with 200 when ready and 503 when not', async () => {
    const harness = await start();
    expect(await reply(await fetch(`${harness.url}/readyz`))).toEqual({ status: 200, body: { ready: true } });
    harness.ready = false;
    expect(await reply(await fetch(`${harness.url}/readyz`))).toEqual({
      status: 503,
      body: { ready: false },
    });
  });

  it('answers /readyz with 503 when the readiness check throws', async () => {
    const harness = await start({
      isReady: () => {
        throw new Error('informer not started');
      },
    });
    expect(await reply(await fetch(`${harness.url}/readyz`))).toEqual({
      status: 503,
      body: { ready: false },
    });
  });

  it('serves /metrics with the triggers counted so far', async () => {
    const harness = await start();
    await post(harness, JSON.stringify(VALID), BEARER);
    harness.submit = async () => ({ ...CREATED, created: false });
    await post(harness, JSON.stringify(VALID), BEARER);
    const response = await fetch(`${harness.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('\nchaosflow_triggers_fired_total{kind="http"} 1\n');
    expect(text).toContain('\nchaosflow_triggers_skipped_total{reason="duplicate"} 1\n');
  });

  it('answers 404 to an unknown path', async () => {
    const harness = await start();
    const query = await fetch(`${harness.url}/healthz?verbose=1`);
    expect(query.status).toBe(200);
    expect(await reply(await fetch(`${harness.url}/v1/triggers`, { method: 'POST' }))).toEqual({
      status: 404,
      body: { error: 'no such path /v1/triggers; try POST /v1/trigger' },
    });
  });

  it('answers 405 with Allow to a wrong method', async () => {
    const harness = await start();
    const get = await fetch(`${harness.url}/v1/trigger`);
    expect(await reply(get)).toEqual({
      status: 405,
      body: { error: 'GET is not allowed on /v1/trigger; use POST' },
    });
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${harness.url}/healthz`, { method: 'POST' });
    expect(await reply(post)).toEqual({
      status: 405,
      body: { error: 'POST is not allowed on /healthz; use GET or HEAD' },
    });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

/** A valid request with one change that makes it invalid. */
const mutatedRequest: fc.Arbitrary<unknown> = (() => {
  const notString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string()),
    fc.object(),
  );
  const notDnsLabel = fc.string().filter((s) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s));
  const field = fc.constantFrom('workflowId', 'target', 'namespace', 'kind', 'name');
  return fc.oneof(
    fc.tuple(field, notString).map(([key, value]) => setField(key, value)),
    fc
      .tuple(fc.constantFrom('workflowId', 'namespace'), notDnsLabel)
      .map(([key, value]) => setField(key, value)),
    fc
      .string()
      .filter((s) => !['deployment', 'statefulset', 'daemonset'].includes(s))
      .map((kind) => setField('kind', kind)),
    field.map((key) => setField(key, undefined)),
    fc
      .tuple(fc.string(), fc.jsonValue())
      .filter(([key]) => !(key in VALID) && key !== 'parameters')
      .map(([key, value]) => ({ ...VALID, [key]: value })),
    fc
      .dictionary(
        fc.string().filter((s) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(s)),
        fc.string(),
        { minKeys: 1 },
      )
      .map((parameters) => ({ ...VALID, parameters })),
  );
})();

function setField(key: string, value: unknown): unknown {
  if (key === 'workflowId') return { ...VALID, workflowId: value };
  if (key === 'target') return { ...VALID, target: value };
  return { ...VALID, target: { ...VALID.target, [key]: value } };
}

const fuzzBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value) ?? '')),
  mutatedRequest.map((value) => new TextEncoder().encode(JSON.stringify(value))),
);

describe('fuzzing POST /v1/trigger', () => {
  it('answers 400, never 5xx, to 1,000 malformed or random bodies, and stays up', async () => {
    const harness = await start();
    await fc.assert(
      fc.asyncProperty(fuzzBody, fc.boolean(), async (body, signed) => {
        const headers = signed ? { ...JSON_TYPE, 'x-chaosflow-signature': sign(body) } : BEARER;
        const response = await post(harness, body, headers);
        await response.arrayBuffer();
        expect(response.status).toBe(400);
      }),
      { numRuns: 1000 },
    );
    expect(harness.submitted).toEqual([]);
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('POST /v1/stop and /v1/resume: the emergency stop', () => {
  const switched: ({ reason: string } | undefined)[] = [];
  const withStop = () => start({ setEmergencyStop: async (stop) => void switched.push(stop) });
  const call = (harness: Harness, path: string, body: string, headers: Record<string, string> = BEARER) =>
    fetch(`${harness.url}${path}`, { method: 'POST', body, headers }).then(reply);

  it('turns it on with the reason given, or a default, and off again', async () => {
    switched.length = 0;
    const harness = await withStop();
    expect(await call(harness, '/v1/stop', '{"reason": " checkout is down "}')).toEqual({
      status: 200,
      body: { emergencyStop: true, reason: 'checkout is down' },
    });
    expect(await call(harness, '/v1/stop', '')).toEqual({
      status: 200,
      body: { emergencyStop: true, reason: 'no reason given' },
    });
    expect(await call(harness, '/v1/resume', '')).toEqual({ status: 200, body: { emergencyStop: false } });
    expect(switched).toEqual([{ reason: 'checkout is down' }, { reason: 'no reason given' }, undefined]);
  });

  it('answers 401 without credentials and 400 to a reason that is not a string, switching nothing', async () => {
    switched.length = 0;
    const harness = await withStop();
    expect((await call(harness, '/v1/stop', '{}', JSON_TYPE)).status).toBe(401);
    expect((await call(harness, '/v1/resume', '', JSON_TYPE)).status).toBe(401);
    for (const body of ['{"reason": 42}', '{"reason": ""}', 'null', 'stop it']) {
      expect(await call(harness, '/v1/stop', body)).toEqual({
        status: 400,
        body: { error: 'send {"reason": "why"} as the body (JSON, a non-empty string), or no body' },
      });
    }
    expect(switched).toEqual([]);
  });
});
