import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { binDir } from './paths.js';
import { PodProcess, type ProcessEnd } from './pods/pod-process.js';
import { freePort } from './processes.js';
import { whyNotReady } from './ready.js';

/** An endpoint to scrape, such as `http://127.0.0.1:8080/metrics`, under a job name. */
export interface ScrapeTarget {
  readonly job: string;
  readonly url: string;
  /** Scrape an https endpoint without checking its certificate (a self-signed one, as Argo's controller serves). */
  readonly insecure?: boolean;
}

export interface PrometheusOptions {
  readonly targets: readonly ScrapeTarget[];
  /** A Prometheus duration; `1s` unless given, so that tests see samples quickly. */
  readonly scrapeInterval?: string;
  /** How often rules are evaluated; `1s` unless given. */
  readonly evaluationInterval?: string;
  /** Rule files to load; relative paths are taken from the current directory. */
  readonly ruleFiles?: readonly string[];
}

/** A Prometheus server started for a test. */
export interface RunningPrometheus {
  /** Where its HTTP API answers, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Reads the configuration and rule files again (`POST /-/reload`); rejects when Prometheus refuses them. */
  reload(): Promise<void>;
  /** Stops it and removes its configuration, data and log. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_SECONDS = 5;

/**
 * Starts the test control plane's Prometheus on a free port of 127.0.0.1, scraping `targets`, with its
 * configuration and TSDB in a fresh temporary directory; resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const config = stringify(prometheusConfig(options));
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const address = `127.0.0.1:${await freePort()}`;
  const url = `http://${address}`;
  const server = new PodProcess(
    {
      command: binary,
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${address}`,
        '--web.enable-lifecycle',
      ],
    },
    { env: {}, cwd: dir, logFile: join(dir, 'prometheus.log') },
  );
  const stop = async (): Promise<ProcessEnd> => {
    const end = await server.stop(STOP_GRACE_SECONDS);
    rmSync(dir, { recursive: true, force: true });
    return end;
  };
  const problem = await whyNotReady(`${url}/-/ready`, server, READY_TIMEOUT_MS);
  if (problem !== undefined) {
    const { output } = await stop();
    throw new Error(`Prometheus (${binary}) did not start: ${problem}; its log ends:\n${output}`);
  }
  return {
    url,
    reload: () => reload(url),
    stop: async () => {
      await stop();
    },
  };
}

function prometheusBinary(): string {
  const binary = join(binDir(), 'prometheus');
  if (!existsSync(binary))
    throw new Error(
      `${binary} is missing: run \`npm run testenv -- up\` to build the test control plane's binaries, Prometheus among them`,
    );
  return binary;
}

function prometheusConfig(options: PrometheusOptions): object {
  return {
    global: {
      scrape_interval: options.scrapeInterval ?? '1s',
      evaluation_interval: options.evaluationInterval ?? '1s',
    },
    rule_files: (options.ruleFiles ?? []).map((file) => resolve(file)),
    scrape_configs: [...targetsByJob(options.targets)].map(([job, urls]) =>
      scrapeConfig(
        job,
        urls,
        options.targets.some((target) => target.job === job && target.insecure === true),
      ),
    ),
  };
}

function targetsByJob(targets: readonly ScrapeTarget[]): Map<string, URL[]> {
  const jobs = new Map<string, URL[]>();
  for (const { job, url } of targets) jobs.set(job, [...(jobs.get(job) ?? []), targetUrl(job, url)]);
  return jobs;
}

function targetUrl(job: string, url: string): URL {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol))
    throw new Error(
      `target ${url} of job ${job} is not an http(s) URL such as http://127.0.0.1:8080/metrics`,
    );
  return parsed;
}

/** One job: the hosts of its URLs become its static targets, which must share scheme, path and query. */
function scrapeConfig(job: string, urls: readonly URL[], insecure: boolean): object {
  const [first] = urls as [URL, ...URL[]];
  const endpoint = (url: URL) => `${url.protocol}${url.pathname}${url.search}`;
  const stray = urls.find((url) => endpoint(url) !== endpoint(first));
  if (stray !== undefined)
    throw new Error(
      `job ${job} scrapes ${first.href} and ${stray.href}: one job's targets must share scheme, path and query; give them separate jobs`,
    );
  const params = queryParams(first.searchParams);
  return {
    job_name: job,
    scheme: first.protocol.slice(0, -1),
    metrics_path: first.pathname,
    ...(Object.keys(params).length === 0 ? {} : { params }),
    ...(insecure ? { tls_config: { insecure_skip_verify: true } } : {}),
    static_configs: [{ targets: urls.map((url) => url.host) }],
  };
}

function queryParams(search: URLSearchParams): Record<string, string[]> {
  return Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.getAll(key)]));
}

async function reload(url: string): Promise<void> {
  const response = await fetch(`${url}/-/reload`, { method: 'POST' });
  if (!response.ok)
    throw new Error(
      `Prometheus at ${url} refused to reload (HTTP ${response.status}): ${(await response.text()).trim()}`,
    );
}
