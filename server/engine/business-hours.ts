import type { BusinessHours, DayName } from './types.js';

const DAYS: DayName[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Weekday and "HH:MM" of an instant in a time zone. */
function localTime(at: Date, timeZone: string): { day: DayName; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day: DAYS[weekday] ?? 'sunday', time: `${get('hour')}:${get('minute')}` };
}

/** Whether the weekly schedule is open at this instant (ranges are [start, end)). */
export function isWithinBusinessHours(hours: BusinessHours, at: Date): boolean {
  const { day, time } = localTime(at, hours.timezone);
  return (hours.days[day] ?? []).some((range) => range.start <= time && time < range.end);
}
