/**
 * `date-format`: a date field that is not a real `YYYY-MM-DD` date: impossible dates (30 February,
 * 29 February of a common year, 31 April, month 13, day 00), other renderings of a real date
 * (`03.12.2021`, `2021-12-3`, `2021/12/03`, `20211203`), and date-times.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { dateParts, formatIsoDate, isLeapYear, type DateParts } from '../date';
import { fieldsWhere } from '../_internals/json-schema';
import { defineRule, nonEmpty } from '../_internals/rule';
import { oneFieldCases } from '../_internals/one-field';

const VARIANTS = ['impossible', 'wrong-format', 'date-time'] as const;
const FIELDS = fieldsWhere((s) => s.format === 'date');

const pad2 = (n: number): string => String(n).padStart(2, '0');
const year = fc.integer({ min: 1900, max: 2099 });
const month = fc.integer({ min: 1, max: 12 });

/** Dates that match YYYY-MM-DD but do not exist. */
const impossibleDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('2021-02-30', '2023-02-29', '2021-04-31', '2021-13-01'),
  // The year after a leap year is never a leap year: 29 February of a common year by construction.
  year.map((y) => `${isLeapYear(y) ? y + 1 : y}-02-29`),
  fc.tuple(year, fc.constantFrom(30, 31)).map(([y, d]) => `${y}-02-${d}`),
  fc.tuple(year, fc.constantFrom(4, 6, 9, 11)).map(([y, m]) => `${y}-${pad2(m)}-31`),
  fc
    .tuple(year, fc.constantFrom(0, 13, 14, 99), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${pad2(m)}-${pad2(d)}`),
  fc.tuple(year, month, fc.constantFrom(0, 32, 99)).map(([y, m, d]) => `${y}-${pad2(m)}-${pad2(d)}`),
);

/** Real dates in renderings other than YYYY-MM-DD. */
const RENDERINGS: readonly ((d: DateParts) => string)[] = [
  (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`, // 03.12.2021, the German way
  (d) => `${d.year}/${pad2(d.month)}/${pad2(d.day)}`,
  (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}`,
  (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`,
  (d) => `${pad2(d.month)}-${pad2(d.day)}-${d.year}`,
  (d) => `${String(d.year).slice(2)}-${pad2(d.month)}-${pad2(d.day)}`,
  (d) => `${d.year}-${pad2(d.month)}`,
];
const wrongFormatDate: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(dateParts, fc.constantFrom(...nonEmpty(RENDERINGS, 'date renderings'))).map(([d, render]) => render(d)),
  // An unpadded day (2021-12-3): days 1–9 only, so the rendering always differs from ISO.
  fc.tuple(year, month, fc.integer({ min: 1, max: 9 })).map(([y, m, d]) => `${y}-${pad2(m)}-${d}`),
  // An unpadded month (2021-3-12).
  fc.tuple(year, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 28 })).map(([y, m, d]) => `${y}-${m}-${d}`),
);

/** A real date with a time attached, the way a client serialising a Date object sends it. */
const dateTime: fc.Arbitrary<string> = fc
  .tuple(dateParts, fc.integer({ min: 0, max: 86_399 }), fc.constantFrom('Z', '.000Z', '+01:00', ' '))
  .map(([d, seconds, style]) => {
    const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
    const date = formatIsoDate(d);
    return style === ' ' ? `${date} ${time}` : `${date}T${time}${style === '.000Z' ? '.000Z' : style}`;
  });

const BAD_DATES: Record<(typeof VARIANTS)[number], fc.Arbitrary<string>> = {
  impossible: impossibleDate,
  'wrong-format': wrongFormatDate,
  'date-time': dateTime,
};

export const dateFormatRule = defineRule({
  rule: 'date-format',
  family: 'date',
  judgedBy: 'negative-rejection',
  order: 60,
  level: 'body',
  fields: FIELDS,
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'proof_of_address_issued_at not a real YYYY-MM-DD date: impossible, other format, date-time',
  arbitrary: (method: IdentificationMethod) =>
    oneFieldCases(method, 'date-format', FIELDS, VARIANTS, (field, variant) => BAD_DATES[variant]),
});
