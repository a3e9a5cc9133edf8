import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { serverSideApply } from '../env/apply.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process's resident memory, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** The value below which `p` percent of `values` lie. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Applies objects with bounded concurrency. */
export async function applyAll(config: KubeConfig, objects: object[], concurrency = 16): Promise<void> {
  const queue = [...objects];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift())
        await serverSideApply(config, [next as never]);
    }),
  );
}
