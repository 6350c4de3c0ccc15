import type { CompareNote, RenameHint } from '../autogen/compare.js';
import { renderOperations, summarizeOperations } from '../autogen/render.js';
import { renderNote } from '../autogen/render-notes.js';
import type { Operation } from '../operations/operation.js';
import type { CommandContext } from './context.js';
import { revision, type RevisionOptions } from './revision.js';
import type { RevisionInfo } from './revision-info.js';
import { diffModels, type SchemaDiffOptions } from './schema-diff.js';

/** `athanor revision --autogenerate`: the revision options plus how to settle renames. */
export interface AutogenerateOptions extends RevisionOptions, SchemaDiffOptions {
  /** `--allow-empty`: write a revision even when nothing changed. */
  readonly allowEmpty?: boolean;
}

/** What autogenerate found and wrote. */
export interface AutogenerateResult {
  /** The file written; undefined when no change was detected (and `allowEmpty` was not set). */
  readonly created: RevisionInfo | undefined;
  /** One line per upgrade operation: `+ table users`, `~ column users.email: type ...`. */
  readonly changes: readonly string[];
  /** What compare left to a person (rename candidates, enum values it cannot drop), as text. */
  readonly notes: readonly string[];
  readonly upgrade: readonly Operation[];
  readonly downgrade: readonly Operation[];
  /** The renames applied (from `--rename` and the interactive prompt). */
  readonly renames: readonly RenameHint[];
}

/** Body of an upgrade or downgrade that has nothing to do (`--allow-empty`). */
const emptyBody = '// no changes detected';

/**
 * Alembic's `revision --autogenerate`: compares the models with the database (which must be at
 * head), renders the upgrade and the downgrade as `op` calls, and writes the revision through
 * the same writer as `athanor revision`. Possible renames are never guessed: confirmed ones
 * come from `renames` or `askRename`, the others are written as comments in the file. Without
 * any change, nothing is written unless `allowEmpty`.
 *
 * @example
 * const result = await autogenerateRevision(ctx, { message: 'add phone number', renames: ['users.fullname:full_name'] });
 * result.changes;      // ['+ column users.phone_number (string(20))', '~ column users.fullname: renamed to full_name']
 * result.created?.stem; // '003_add_phone_number'
 */
export async function autogenerateRevision(
  ctx: CommandContext,
  options: AutogenerateOptions = {},
): Promise<AutogenerateResult> {
  const diff = await diffModels(ctx, { ...options, requireHead: true });
  const { upgrade, downgrade } = diff;
  const result = {
    changes: summarizeOperations(upgrade.operations),
    notes: upgrade.comments.map(noteText),
    upgrade: upgrade.operations,
    downgrade: downgrade.operations,
    renames: diff.renames,
  };
  if (upgrade.operations.length === 0 && !options.allowEmpty)
    return { ...result, created: undefined };
  const up = renderOperations(upgrade.operations, { notes: upgrade.comments });
  const down = renderOperations(downgrade.operations, { notes: downgrade.comments });
  const { created } = await revision(ctx, {
    ...revisionFields(options),
    upgradeBody: up.body === '' ? emptyBody : up.body,
    downgradeBody: down.body === '' ? emptyBody : down.body,
    imports: [...new Set([...up.imports, ...down.imports])].sort(),
  });
  return { ...result, created };
}

/** A compare note as one line of text (the comment written into the file, without `//`). */
export function noteText(note: CompareNote): string {
  return renderNote(note).replace(/^\/\/ athanor: /, '');
}

/** The plain revision options out of the autogenerate ones. */
function revisionFields(options: AutogenerateOptions): RevisionOptions {
  const { renames: _renames, askRename: _ask, allowEmpty: _empty, ...rest } = options;
  return rest;
}
