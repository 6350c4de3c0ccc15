/**
 * Date and time literals in PostgreSQL expressions, for canonicalPostgresExpression: PostgreSQL
 * stores a CHECK or an index predicate parsed, and prints a literal compared with a date or time
 * column back in its own format, with a cast:
 *
 *   model:   created_at > '2020-01-01'            due < '2020-01-01T10:30'   d > '10:00'
 *   catalog: created_at > '2020-01-01 00:00:00'::timestamp without time zone
 *            due < '2020-01-01 10:30:00'::timestamp without time zone       d > '10:00:00'::time without time zone
 *
 * Both sides are written in one spelling: a date alone when the time is midnight and no zone is
 * given, seconds always, fractions without trailing zeros, and a literal with a zone as its
 * instant in UTC (`'2020-01-01 10:00+05:30'` and PostgreSQL's `'2020-01-01 04:30:00+00'` are one
 * instant); the cast PostgreSQL adds after such a literal is dropped. A literal of a
 * `timestamp with time zone` without a zone in the model stays a difference: PostgreSQL prints
 * it in the session's time zone, which the model does not say.
 * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-OUTPUT
 */

/** Cast targets PostgreSQL adds after a date or time literal (dropped after a string). */
export const temporalCastTypes: ReadonlySet<string> = new Set([
  'date',
  'timestamp',
  'timestamp without time zone',
  'timestamptz',
  'timestamp with time zone',
  'time',
  'time without time zone',
]);

/** Prefix forms `date '2020-01-01'` that PostgreSQL prints as `'2020-01-01'::date`. */
const typedLiteralPrefixes = new Set(['date', 'timestamp', 'timestamptz', 'time', 'interval']);

const dateTime =
  /^'(\d{4}-\d{2}-\d{2})(?:[ Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?'$/;
const timeOnly = /^'(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?'$/;

/**
 * One spelling for a string literal that is a date, a timestamp or a time of day; any other
 * token is returned as it is.
 *
 * @example
 * canonicalTemporalLiteral("'2020-01-01T10:30'");          // "'2020-01-01 10:30:00'"
 * canonicalTemporalLiteral("'2020-01-01 00:00:00'");       // "'2020-01-01'"
 * canonicalTemporalLiteral("'2020-01-01 10:00:00+05:30'"); // "'2020-01-01 04:30:00+00'"
 */
export function canonicalTemporalLiteral(token: string): string {
  const full = dateTime.exec(token);
  if (full) {
    const [, date = '', hours = '00', minutes = '00', seconds = '00', fraction, zone] = full;
    if (zone !== undefined)
      return `'${inUtc(date, hours, minutes, seconds, zone)}${tail(fraction)}+00'`;
    const time = `${hours}:${minutes}:${seconds}${tail(fraction)}`;
    return time === '00:00:00' ? `'${date}'` : `'${date} ${time}'`;
  }
  const time = timeOnly.exec(token);
  if (time) return `'${time[1]}:${time[2]}:${time[3] ?? '00'}${tail(time[4])}'`;
  return token;
}

/**
 * `date '2020-01-01'` (and timestamp, timestamptz, time, interval) as the cast PostgreSQL prints,
 * `'2020-01-01' :: date`, on lower-cased tokens.
 *
 * @example
 * typedLiteralsAsCasts(['d', '>', 'date', "'2020-01-01'"]); // ['d', '>', "'2020-01-01'", '::', 'date']
 */
export function typedLiteralsAsCasts(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    const castBefore = out.at(-1) === '::';
    if (typedLiteralPrefixes.has(token) && next?.startsWith("'") && !castBefore) {
      out.push(next, '::', token);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** A fraction of a second without trailing zeros (none for a whole second). */
function tail(fraction = ''): string {
  const digits = fraction.replace(/0+$/, '');
  return digits === '.' ? '' : digits;
}

/**
 * The instant in UTC, to the second: PostgreSQL prints a timestamp with time zone in the
 * session's zone, so only the instant can compare a model's literal with the catalog's.
 */
function inUtc(
  date: string,
  hours: string,
  minutes: string,
  seconds: string,
  zone: string,
): string {
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  const sign = offset?.[1] === '-' ? -1 : 1;
  const offsetMinutes = offset ? sign * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) : 0;
  const [year, month, day] = date.split('-').map(Number);
  const utc = new Date(
    Date.UTC(
      year ?? 0,
      (month ?? 1) - 1,
      day ?? 1,
      Number(hours),
      Number(minutes) - offsetMinutes,
      Number(seconds),
    ),
  );
  // Date.UTC reads years 0-99 as 1900-1999; set the year itself.
  if ((year ?? 0) < 100) utc.setUTCFullYear(utc.getUTCFullYear() - 1900);
  return utc.toISOString().slice(0, 19).replace('T', ' ');
}
