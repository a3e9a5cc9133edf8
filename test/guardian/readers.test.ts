import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHttp } from '../../src/guardian/readers/http.js';
import { readPrometheus } from '../../src/guardian/readers/prometheus.js';
import type { GuardOfType } from '../../src/model/guard.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP server whose answer each test sets. */
let answer: Handler = (_request, response) => response.end();
let server: Server;
let base: string;
/** A port nothing listens on. */
let closedPort: number;

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  server = createServer((request, response) => answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json =
  (status: number, body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
const vector = (...samples: [Record<string, string>, string][]) =>
  json(200, {
    status: 'success',
    data: { resultType: 'vector', result: samples.map(([metric, value]) => ({ metric, value: [1, value] })) },
  });
const never = new AbortController().signal;

describe('a Prometheus condition', () => {
  const guard = (threshold: { above: number } | { below: number }): GuardOfType<'prometheus'> => ({
    type: 'prometheus',
    name: 'errors',
    endpoint: `${base}/`,
    query: 'sum by (job) (rate(errors_total[1m]))',
    ...threshold,
    whenUnavailable: 'abort',
    for: '0s',
    every: '10s',
  });

  it('sends the query to the instant-query API, and judges the sample furthest past the threshold', async () => {
    let asked = '';
    const answerWith = vector([{ job: 'a' }, '3'], [{ job: 'b' }, '9'], [{ job: 'c' }, 'NaN']);
    answer = (request, response) => {
      asked = request.url ?? '';
      answerWith(request, response);
    };
    expect(await readPrometheus(guard({ above: 5 }), never)).toEqual({
      state: 'breached',
      detail: '{job="b"} 9 > 5',
    });
    expect(asked).toBe(
      `/api/v1/query?${new URLSearchParams({ query: 'sum by (job) (rate(errors_total[1m]))' })}`,
    );
    expect(await readPrometheus(guard({ above: 10 }), never)).toEqual({
      state: 'clear',
      detail: '{job="b"} 9 <= 10',
    });
    expect(await readPrometheus(guard({ below: 4 }), never)).toEqual({
      state: 'breached',
      detail: '{job="a"} 3 < 4',
    });
  });

  it('reads a scalar, and calls an empty result clear as alerting rules do', async () => {
    answer = json(200, { status: 'success', data: { resultType: 'scalar', result: [1, '0.5'] } });
    expect(await readPrometheus(guard({ above: 0.1 }), never)).toEqual({
      state: 'breached',
      detail: '0.5 > 0.1',
    });
    answer = vector();
    expect(await readPrometheus(guard({ above: 0.1 }), never)).toEqual({
      state: 'clear',
      detail: 'the query returned no samples',
    });
  });

  it('is unavailable when Prometheus refuses the query, gives a range, or cannot be reached', async () => {
    answer = json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' });
    expect(await readPrometheus(guard({ above: 1 }), never)).toEqual({
      state: 'unavailable',
      detail: `Prometheus at ${base}/ refused the query: parse error at char 5`,
    });
    answer = json(200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    expect(await readPrometheus(guard({ above: 1 }), never)).toEqual({
      state: 'unavailable',
      detail: 'the query gives a matrix result; an abort condition needs a vector or a scalar',
    });
    const closed = { ...guard({ above: 1 }), endpoint: `http://127.0.0.1:${closedPort}` };
    expect(await readPrometheus(closed, never)).toMatchObject({
      state: 'unavailable',
      detail: expect.stringMatching(
        new RegExp(
          `^Prometheus at http://127\\.0\\.0\\.1:${closedPort} did not answer: fetch failed: .*ECONNREFUSED`,
        ),
      ),
    });
  });
});

describe('an HTTP condition', () => {
  const guard = (extra: Partial<GuardOfType<'http'>> = {}): GuardOfType<'http'> => ({
    type: 'http',
    name: 'health',
    url: `${base}/healthz`,
    timeout: '5s',
    for: '0s',
    every: '5s',
    ...extra,
  });
  const reply =
    (status: number, body: string, delayMs = 0): Handler =>
    (_request, response) => {
      setTimeout(() => response.writeHead(status).end(body), delayMs);
    };

  it('is clear on any 2xx or 3xx by default, or on the expected statuses', async () => {
    answer = reply(204, '');
    expect(await readHttp(guard(), never)).toMatchObject({
      state: 'clear',
      detail: expect.stringMatching(/^answered 204 in \d+ms$/),
    });
    expect(await readHttp(guard({ expectStatus: [200] }), never)).toEqual({
      state: 'breached',
      detail: 'answered 204',
    });
    answer = reply(503, 'overloaded');
    expect(await readHttp(guard(), never)).toEqual({ state: 'breached', detail: 'answered 503' });
  });

  it('judges the body and the latency, and names every problem at once', async () => {
    answer = reply(500, 'degraded', 300);
    expect(await readHttp(guard({ bodyContains: 'ok', maxLatency: '100ms' }), never)).toMatchObject({
      state: 'breached',
      detail: expect.stringMatching(
        /^answered 500; the answer lacks "ok"; answered in \d+ms, more than 100ms$/,
      ),
    });
  });

  it('is breached when there is no answer in time or no server at all', async () => {
    answer = reply(200, 'ok', 2_000);
    expect(await readHttp(guard({ timeout: '200ms' }), never)).toEqual({
      state: 'breached',
      detail: 'no answer within 200ms',
    });
    expect(await readHttp(guard({ url: `http://127.0.0.1:${closedPort}/` }), never)).toMatchObject({
      state: 'breached',
      detail: expect.stringMatching(/^no answer: fetch failed: .*ECONNREFUSED/),
    });
  });
});
