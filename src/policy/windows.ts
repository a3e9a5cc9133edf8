import type { AllowedWindow, WEEKDAYS } from './policy.js';

type Weekday = (typeof WEEKDAYS)[number];

/** Whether `at` falls inside one of `windows`, each read in its own time zone. */
export function inAllowedWindow(at: Date, windows: readonly AllowedWindow[]): boolean {
  return windows.some((window) => {
    const local = localTime(at, window.timezone);
    return window.days.includes(local.day) && window.start <= local.clock && local.clock < window.end;
  });
}

/** `at` as a person in `timezone` reads it: `mon 03:00 (Europe/Berlin)`. */
export function describeLocal(at: Date, timezone: string): string {
  const local = localTime(at, timezone);
  return `${local.day} ${local.clock} (${timezone})`;
}

/** The windows as a sentence: `mon, tue 09:00–17:00 (Europe/Berlin)`. */
export function describeWindows(windows: readonly AllowedWindow[]): string {
  return windows
    .map((window) => `${window.days.join(', ')} ${window.start}–${window.end} (${window.timezone})`)
    .join('; ');
}

function localTime(at: Date, timezone: string): { day: Weekday; clock: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { day: part('weekday').toLowerCase() as Weekday, clock: `${part('hour')}:${part('minute')}` };
}
