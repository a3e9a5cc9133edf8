import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TriggerMetrics } from '../../src/serve/metrics.js';
import { SKIP_REASONS } from '../../src/trigger/outcomes.js';

/** The value of one sample, e.g. `chaosflow_triggers_fired_total{kind="http"}`, from the text format. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function rendered(metrics: TriggerMetrics): Promise<string> {
  return (await metrics.render()).body;
}

describe('TriggerMetrics', () => {
  it('renders the Prometheus text format', async () => {
    const { contentType, body } = await new TriggerMetrics().render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('# TYPE chaosflow_triggers_fired_total counter');
    expect(body).toContain('# TYPE chaosflow_trigger_submit_seconds histogram');
    expect(body).toContain('# TYPE chaosflow_trigger_paused gauge');
  });

  it('counts fired runs by kind', async () => {
    const metrics = new TriggerMetrics();
    metrics.fired('change');
    metrics.fired('change');
    metrics.fired('http');
    const body = await rendered(metrics);
    expect(sample(body, 'chaosflow_triggers_fired_total{kind="change"}')).toBe(2);
    expect(sample(body, 'chaosflow_triggers_fired_total{kind="http"}')).toBe(1);
  });

  it('starts every kind and skip reason at 0, so rates exist before the first event', async () => {
    const body = await rendered(new TriggerMetrics());
    expect(sample(body, 'chaosflow_triggers_fired_total{kind="change"}')).toBe(0);
    expect(sample(body, 'chaosflow_triggers_fired_total{kind="http"}')).toBe(0);
    for (const reason of SKIP_REASONS) {
      expect(sample(body, `chaosflow_triggers_skipped_total{reason="${reason}"}`), reason).toBe(0);
    }
  });

  it('counts skipped triggers by reason', async () => {
    const metrics = new TriggerMetrics();
    metrics.skipped('superseded');
    metrics.skipped('rollout-timeout');
    metrics.skipped('rollout-timeout');
    const body = await rendered(metrics);
    expect(sample(body, 'chaosflow_triggers_skipped_total{reason="superseded"}')).toBe(1);
    expect(sample(body, 'chaosflow_triggers_skipped_total{reason="rollout-timeout"}')).toBe(2);
    expect(sample(body, 'chaosflow_triggers_skipped_total{reason="policy"}')).toBe(0);
  });

  it('puts submit latencies in buckets from 10 ms to 60 s', async () => {
    const metrics = new TriggerMetrics();
    metrics.observeSubmit(0.005);
    metrics.observeSubmit(0.02);
    metrics.observeSubmit(3);
    metrics.observeSubmit(90);
    const body = await rendered(metrics);
    const bucket = (le: string) => sample(body, `chaosflow_trigger_submit_seconds_bucket{le="${le}"}`);
    expect(bucket('0.01')).toBe(1);
    expect(bucket('0.025')).toBe(2);
    expect(bucket('2.5')).toBe(2);
    expect(bucket('5')).toBe(3);
    expect(bucket('60')).toBe(3);
    expect(bucket('+Inf')).toBe(4);
    expect(sample(body, 'chaosflow_trigger_submit_seconds_count')).toBe(4);
    expect(sample(body, 'chaosflow_trigger_submit_seconds_sum')).toBeCloseTo(93.025);
  });

  it('counts watch restarts by resource', async () => {
    const metrics = new TriggerMetrics();
    metrics.watchRestarted('deployments');
    metrics.watchRestarted('deployments');
    metrics.watchRestarted('daemonsets');
    const body = await rendered(metrics);
    expect(sample(body, 'chaosflow_watch_restarts_total{resource="deployments"}')).toBe(2);
    expect(sample(body, 'chaosflow_watch_restarts_total{resource="daemonsets"}')).toBe(1);
  });

  it('shows the kill switch as 1 while paused and 0 otherwise', async () => {
    const metrics = new TriggerMetrics();
    expect(sample(await rendered(metrics), 'chaosflow_trigger_paused')).toBe(0);
    metrics.setPaused(true);
    expect(sample(await rendered(metrics), 'chaosflow_trigger_paused')).toBe(1);
    metrics.setPaused(false);
    expect(sample(await rendered(metrics), 'chaosflow_trigger_paused')).toBe(0);
  });

  it('includes the Node process metrics', async () => {
    const body = await rendered(new TriggerMetrics());
    // CPU time counts from when the metrics were registered, so a fresh instance may show 0.
    expect(sample(body, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(body).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
  });

  it('keeps each instance on its own registry, never the global one', async () => {
    const first = new TriggerMetrics();
    const second = new TriggerMetrics();
    first.fired('http');
    expect(sample(await rendered(second), 'chaosflow_triggers_fired_total{kind="http"}')).toBe(0);
    expect(globalRegistry.getSingleMetric('chaosflow_triggers_fired_total')).toBeUndefined();
    expect(globalRegistry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined();
  });

  it('lists the chaos in progress at each scrape, counting engines per experiment and fault', async () => {
    const metrics = new TriggerMetrics();
    const engines = [
      { workflowId: 'checkout', fault: 'pod-delete' },
      { workflowId: 'checkout', fault: 'pod-delete' },
      { workflowId: 'nightly', fault: 'node-drain' },
    ];
    metrics.observeChaos(async () => engines);
    let body = await rendered(metrics);
    expect(sample(body, 'chaosflow_chaos_in_progress{workflow_id="checkout",fault="pod-delete"}')).toBe(2);
    expect(sample(body, 'chaosflow_chaos_in_progress{workflow_id="nightly",fault="node-drain"}')).toBe(1);
    engines.splice(0, 2);
    body = await rendered(metrics);
    expect(
      sample(body, 'chaosflow_chaos_in_progress{workflow_id="checkout",fault="pod-delete"}'),
    ).toBeUndefined();
    expect(sample(body, 'chaosflow_chaos_in_progress{workflow_id="nightly",fault="node-drain"}')).toBe(1);
  });

  it('leaves the chaos windows empty and counts the failure when the engines cannot be listed', async () => {
    const metrics = new TriggerMetrics();
    let fail = false;
    metrics.observeChaos(async () => {
      if (fail) throw new Error('connect ECONNREFUSED');
      return [{ workflowId: 'checkout', fault: 'pod-delete' }];
    });
    expect(
      sample(
        await rendered(metrics),
        'chaosflow_chaos_in_progress{workflow_id="checkout",fault="pod-delete"}',
      ),
    ).toBe(1);
    fail = true;
    const body = await rendered(metrics);
    expect(body).not.toContain('chaosflow_chaos_in_progress{');
    expect(sample(body, 'chaosflow_chaos_in_progress_read_errors_total')).toBe(1);
  });

  it('says whether the last sync failed', async () => {
    const metrics = new TriggerMetrics();
    metrics.syncFailed();
    expect(sample(await rendered(metrics), 'chaosflow_sync_failing')).toBe(1);
    metrics.synced({ compiled: 2, failed: 0 }, ['create']);
    expect(sample(await rendered(metrics), 'chaosflow_sync_failing')).toBe(0);
  });

  it('keeps when the guardian last stopped a run of each experiment, beside the count', async () => {
    const metrics = new TriggerMetrics();
    const before = Date.now() / 1000;
    metrics.guardAborted('checkout', 'error-rate');
    const body = await rendered(metrics);
    expect(
      sample(body, 'chaosflow_guardian_aborts_total{workflow_id="checkout",condition="error-rate"}'),
    ).toBe(1);
    const at = sample(body, 'chaosflow_guardian_last_abort_timestamp_seconds{workflow_id="checkout"}');
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('says at each scrape whether the replica is ready, and not before it is told how to know', async () => {
    const metrics = new TriggerMetrics();
    expect(sample(await rendered(metrics), 'chaosflow_ready')).toBe(0);
    let ready = true;
    metrics.observeReadiness(() => ready);
    expect(sample(await rendered(metrics), 'chaosflow_ready')).toBe(1);
    ready = false;
    expect(sample(await rendered(metrics), 'chaosflow_ready')).toBe(0);
  });
});
