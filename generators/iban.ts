/**
 * Valid IBANs, built from ibantools' country table: a BBAN drawn from the country's BBAN format,
 * check digits computed by ibantools.composeIBAN. German IBANs use real bank codes (Bankident
 * accepts German IBANs only, and only from allowed banks; the allow-list is not public, so the
 * codes are those of large German retail banks).
 */
import fc from 'fast-check';
import { composeIBAN, countrySpecs } from 'ibantools';

/** ISO 13616 check digits (mod 97) for any country code, known to ibantools or not. */
export const ibanCheckDigits = (countryCode: string, bban: string): string => {
  const digits = `${bban}${countryCode}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return String(98 - rest).padStart(2, '0');
};

/** An IBAN with correct mod-97 check digits, whether or not the country or length is right. */
export const withCheckDigits = (countryCode: string, bban: string): string =>
  `${countryCode}${ibanCheckDigits(countryCode, bban)}${bban}`;

interface BbanSegment {
  chars: string;
  count: number;
}

const CHARSETS: Record<string, string> = {
  '0-9': '0123456789',
  'A-Z': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'A-Z0-9': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  '0-9A-Z': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** Parses ibantools' BBAN regexes (`^[0-9]{8}[A-Z0-9]{10}$`); undefined for anything else. */
const parseBban = (regexp: string, length: number): BbanSegment[] | undefined => {
  const body = regexp.replace(/^\^/, '').replace(/\$$/, '');
  const segments: BbanSegment[] = [];
  let consumed = 0;
  for (const m of body.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
    const chars = m[1] === undefined ? undefined : CHARSETS[m[1]];
    if (chars === undefined) return undefined;
    segments.push({ chars, count: Number(m[2]) });
    consumed += m[0].length;
  }
  const total = segments.reduce((n, s) => n + s.count, 0);
  return consumed === body.length && total === length ? segments : undefined;
};

/**
 * Countries an IBAN is generated for: in the IBAN registry, with a BBAN format this module can
 * read, and without a national check-digit rule (ibantools validates those too, e.g. FR, ES, BE;
 * random BBANs would fail it, and filtering would discard most of them). Decided once, at load.
 */
export const IBAN_COUNTRIES: ReadonlyMap<string, readonly BbanSegment[]> = new Map(
  Object.entries(countrySpecs).flatMap(([code, spec]) => {
    if (!spec.IBANRegistry || spec.bban_validation_func || !spec.chars || !spec.bban_regexp) return [];
    const segments = parseBban(spec.bban_regexp, spec.chars - 4);
    return segments ? [[code, segments] as const] : [];
  }),
);

const bbanOf = (segments: readonly BbanSegment[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      ...segments.map((s) =>
        fc.string({ unit: fc.constantFrom(...s.chars), minLength: s.count, maxLength: s.count, size: 'max' }),
      ),
    )
    .map((parts) => parts.join(''));

const compose = (countryCode: string, bban: string): string => {
  const iban = composeIBAN({ countryCode, bban });
  // composeIBAN returns null only for a BBAN that does not fit the country's format, which the
  // segments above rule out; reaching this is a bug in this module, not bad luck.
  if (iban === null) throw new Error(`iban: composeIBAN rejected ${countryCode} ${bban}`);
  return iban;
};

/** Bank codes (BLZ) of real German banks: Postbank, Commerzbank, ING, Deutsche Bank, DKB, comdirect, norisbank, GLS, N26, Sparkassen, HypoVereinsbank, TARGOBANK, BW-Bank, Solaris. */
export const GERMAN_BANK_CODES = [
  '10010010',
  '37040044',
  '50010517',
  '10070000',
  '12030000',
  '20041133',
  '76026000',
  '43060967',
  '10011001',
  '70150000',
  '10050000',
  '20050550',
  '70020270',
  '30020900',
  '60050101',
  '11010100',
] as const;

/** A German IBAN (DE, 22 characters) at a real bank with a random 10-digit account number. */
export const germanIban: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...GERMAN_BANK_CODES),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10, size: 'max' }),
  )
  .map(([blz, account]) => compose('DE', blz + account));

const countryIban = (code: string, segments: readonly BbanSegment[]): fc.Arbitrary<string> =>
  bbanOf(segments).map((bban) => compose(code, bban));

/** An IBAN of any registry country this module supports. */
export const foreignIban: fc.Arbitrary<string> = fc.oneof(
  ...[...IBAN_COUNTRIES].map(([code, segments]) => countryIban(code, segments)),
);

/** A valid IBAN of any supported country but Germany (what Bankident must refuse). */
export const nonGermanIban: fc.Arbitrary<string> = fc.oneof(
  ...[...IBAN_COUNTRIES].filter(([code]) => code !== 'DE').map(([code, segments]) => countryIban(code, segments)),
);

/** Any valid IBAN, German ones most often (the customers of a German bank). */
export const anyIban: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: germanIban, weight: 2 },
  { arbitrary: foreignIban, weight: 1 },
);
