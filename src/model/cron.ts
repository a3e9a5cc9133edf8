import { lazyModule } from '../lazy.js';

/**
 * cron-parser, loaded on first use: most experiments have no schedule, and loading it (and the date library it
 * brings) costs every command about 15 ms.
 */
const cronParser = lazyModule<typeof import('cron-parser')>('cron-parser');

/** Descriptors Argo's cron library (robfig/cron `ParseStandard`) accepts in place of five fields. */
const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** `@every <Go duration>`, e.g. `@every 1h30m`. */
const EVERY = /^@every (\d+(ns|us|µs|ms|s|m|h))+$/;

/** Letters robfig/cron understands in fields: month and weekday names only. */
const FIELD_NAME = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

/**
 * Why `expression` is not a schedule Argo accepts, or `undefined` when it is.
 *
 * Argo parses schedules with robfig/cron's standard parser: five fields or a descriptor. cron-parser checks
 * ranges and steps, but it also accepts a seconds field and Quartz/Jenkins extensions (`L`, `W`, `#`, `H`)
 * that Argo rejects, so those are refused here first.
 */
export function cronProblem(expression: string): string | undefined {
  const text = expression.trim();
  if (text.startsWith('@')) {
    return DESCRIPTORS.has(text) || EVERY.test(text) ? undefined : `unknown descriptor "${text}"`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5)
    return `has ${fields.length} fields; Argo needs exactly 5 (minute hour day month weekday)`;
  const extension = fields
    .flatMap((field) => field.match(/[A-Za-z]+/g) ?? [])
    .find((word) => !FIELD_NAME.test(word));
  if (extension !== undefined || fields.some((field) => field.includes('#'))) {
    return `uses "${extension ?? '#'}", which Argo's cron parser does not support`;
  }
  try {
    cronParser().CronExpressionParser.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Why `zone` is not an IANA time zone, or `undefined` when it is one. */
export function timezoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `"${zone}" is not an IANA time zone`;
  }
}

/** Descriptors that name fixed times, as the five-field schedule each stands for. */
const FIXED_DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * The times a valid schedule fires after `from` and before `until`, in `timezone`, at most `max` of them;
 * `undefined` for `@every`, which fires relative to when the controller started, so no one can tell when.
 */
export function fireTimes(
  expression: string,
  timezone: string,
  range: { readonly from: Date; readonly until: Date; readonly max: number },
): Date[] | undefined {
  const text = expression.trim();
  const fields = text.startsWith('@') ? FIXED_DESCRIPTORS[text] : text;
  if (fields === undefined) return undefined;
  const schedule = cronParser().CronExpressionParser.parse(fields, {
    tz: timezone,
    currentDate: range.from,
    endDate: range.until,
  });
  const times: Date[] = [];
  while (times.length < range.max && schedule.hasNext()) times.push(schedule.next().toDate());
  return times;
}
