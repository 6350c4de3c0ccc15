import { AthanorError } from '../errors.js';

/**
 * A glob over table names as a RegExp: `*` is any run of characters, `?` one character,
 * `[abc]` / `[a-z]` / `[!abc]` a class; everything else is literal. Matching is case-sensitive
 * and whole-name.
 *
 * @example
 * globToRegExp('tmp_*').test('tmp_users'); // true
 * globToRegExp('log_202?').test('log_2024'); // true
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0)
        throw new AthanorError('E_CONFIG', `table glob '${glob}': '[' without a closing ']'`);
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!');
      const chars = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
      source += `[${negated ? '^' : ''}${chars}]`;
      i = end;
    } else source += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The table filter of the config's `include` / `exclude` globs (Alembic's include_name): a
 * table is compared when it matches some `include` glob (or there are none) and no `exclude`
 * glob. Undefined when neither is set, so callers can skip filtering.
 *
 * @example
 * const keep = tableFilter({ include: ['app_*'], exclude: ['app_tmp_*'] });
 * keep?.('app_users'); // true
 * keep?.('app_tmp_x'); // false
 */
export function tableFilter(globs: {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}): ((table: string) => boolean) | undefined {
  const include = (globs.include ?? []).map(globToRegExp);
  const exclude = (globs.exclude ?? []).map(globToRegExp);
  if (include.length === 0 && exclude.length === 0) return undefined;
  return (table) =>
    (include.length === 0 || include.some((re) => re.test(table))) &&
    !exclude.some((re) => re.test(table));
}
