/**
 * Calendar dates (`YYYY-MM-DD`) as real clients send them for `proof_of_address_issued_at`: mostly
 * recent, sometimes anywhere in 1900–2099, and 29 February of leap years on purpose (the date most
 * often mishandled by hand-written validators). Built from a day number, so every value is a real
 * date by construction.
 */
import fc from 'fast-check';

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
// toISOString is UTC and locale-free: the same day number gives the same text on any machine.
const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month (1-based), leap years included. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A date between two ISO dates (inclusive). Drawn as an offset from `min`: fc.integer favours
 * values near 0, which as a raw day number would pile dates up around 1970-01-01.
 */
export const dateBetween = (min: string, max: string): fc.Arbitrary<string> => {
  const first = dayNumber(min);
  return fc.integer({ min: 0, max: dayNumber(max) - first }).map((offset) => isoDate(first + offset));
};

/** 29 February of a leap year between 1904 and 2096 (every fourth year there is one, 2000 included). */
export const leapDay: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 48 })
  .map((i) => `${pad(1904 + 4 * i, 4)}-02-29`);

/** A real calendar date in `YYYY-MM-DD`. */
export const calendarDate: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: dateBetween('2015-01-01', '2026-12-31'), weight: 4 },
  { arbitrary: dateBetween('1900-01-01', '2099-12-31'), weight: 2 },
  { arbitrary: leapDay, weight: 1 },
);

/** Year, month, day parts of a real date, for the date-format rule's renderings. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export const dateParts: fc.Arbitrary<DateParts> = calendarDate.map((iso) => ({
  year: Number(iso.slice(0, 4)),
  month: Number(iso.slice(5, 7)),
  day: Number(iso.slice(8, 10)),
}));

export const formatIsoDate = ({ year, month, day }: DateParts): string =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
