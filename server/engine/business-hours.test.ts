import { describe, expect, it } from 'vitest';
import { isWithinBusinessHours } from './business-hours.js';
import { BERLIN_MONDAYS } from './testing.js';

describe('isWithinBusinessHours', () => {
  it('reads business hours in the schedule time zone', () => {
    const hours = BERLIN_MONDAYS;
    expect(isWithinBusinessHours(hours, new Date('2026-01-05T08:30:00Z'))).toBe(true); // 09:30 Berlin
    expect(isWithinBusinessHours(hours, new Date('2026-01-05T07:59:00Z'))).toBe(false); // 08:59
    expect(isWithinBusinessHours(hours, new Date('2026-01-05T16:00:00Z'))).toBe(false); // 17:00, end excluded
    expect(isWithinBusinessHours(hours, new Date('2026-01-06T10:00:00Z'))).toBe(false); // Tuesday: closed
  });
});
