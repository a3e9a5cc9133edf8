import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/report/run-report.js';
import { liveFrame } from '../../src/run/live-frame.js';
import { livePrinter } from '../../src/run/run-printer.js';
import { compiledRun, event, node, UID } from '../report/run-fixtures.js';

const start = '2026-12-05T10:00:00Z';
const running = runReport({
  run: compiledRun({ phase: 'Running', startedAt: start, nodes: node('fault-pod-delete', 'Running') }),
  results: [],
  events: [
    event(
      `pod-delete-${UID}`,
      'ChaosInject',
      '2026-12-05T10:00:30Z',
      'Injecting pod-delete chaos on application pod',
    ),
  ],
  now: new Date('2026-12-05T10:01:05Z'),
});

describe('liveFrame', () => {
  it('shows the run, each fault’s stage and probes, and Litmus’s latest Event, cut to the width', () => {
    const [header, ...rest] = liveFrame(running, 200, 'stopping…').split('\n');
    expect(header).toMatch(
      /^litmus\/frontend-resilience-x7k2p {2}Running {2}01:05 elapsed {2}\d\d:\d\d left$/,
    );
    expect(rest).toEqual([
      '  pod-delete           injecting chaos   frontend-answers Unknown',
      '  pod-network-latency  waiting           ',
      'latest: pod-delete ChaosInject: Injecting pod-delete chaos on application pod',
      'stopping…',
    ]);
    for (const line of liveFrame(running, 30).split('\n')) expect(line.length).toBeLessThanOrEqual(30);
  });
});

describe('livePrinter', () => {
  it('redraws one frame on every change and note, and leaves it when done', () => {
    const frames: string[] = [];
    let finished = false;
    const redraw = Object.assign((frame: string) => frames.push(frame), { done: () => (finished = true) });
    const printer = livePrinter(redraw, () => 120);
    printer.note('not drawn before there is a run');
    printer.show(running);
    printer.note('stopping litmus/frontend-resilience-x7k2p');
    printer.done();
    expect(frames).toHaveLength(2);
    expect(frames[1]?.endsWith('\nstopping litmus/frontend-resilience-x7k2p')).toBe(true);
    expect(finished).toBe(true);
  });
});
