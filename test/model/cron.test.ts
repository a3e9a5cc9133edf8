import { describe, expect, it } from 'vitest';
import { cronProblem, timezoneProblem } from '../../src/model/cron.js';

describe('cron schedules as Argo parses them (robfig/cron standard parser)', () => {
  it.each([
    '0 3 * * 1-5',
    '*/15 * * * *',
    '0 3 * * MON-FRI',
    '0 0 1 JAN *',
    '0 3 ? * *',
    '@daily',
    '@hourly',
    '@every 1h30m',
  ])('accepts %j', (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  it.each([
    ['0 0 3 * * *', 'has 6 fields; Argo needs exactly 5 (minute hour day month weekday)'],
    ['0 3 * *', 'has 4 fields; Argo needs exactly 5 (minute hour day month weekday)'],
    ['61 3 * * *', 'Constraint error, got value 61 expected range 0-59'],
    ['0 3 L * *', 'uses "L", which Argo\'s cron parser does not support'],
    ['H 3 * * *', 'uses "H", which Argo\'s cron parser does not support'],
    ['0 3 * * 1#2', 'uses "#", which Argo\'s cron parser does not support'],
    ['@fortnightly', 'unknown descriptor "@fortnightly"'],
    ['@every soon', 'unknown descriptor "@every soon"'],
  ])('refuses %j: %s', (expression, why) => {
    expect(cronProblem(expression)).toBe(why);
  });

  it('checks time zones against the IANA database', () => {
    expect(timezoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timezoneProblem('UTC')).toBeUndefined();
    expect(timezoneProblem('Mars/Olympus')).toBe('"Mars/Olympus" is not an IANA time zone');
  });
});
