import type { CompareNote } from './compare/compare-context.js';
import { commentText, renderString } from './render-values.js';

/**
 * A compare note as a comment line.
 *
 * @example
 * renderNote({ kind: 'renameCandidate', table: 'users', from: 'fullname', to: 'full_name' });
 * // "// athanor: possible rename of users.fullname to users.full_name? use op.alterColumn('users', 'fullname', { newName: 'full_name' })"
 */
export function renderNote(note: CompareNote): string {
  const line = (s: string) => `// athanor: ${commentText(s)}`;
  switch (note.kind) {
    case 'renameCandidate':
      return line(
        `possible rename of ${note.table}.${note.from} to ${note.table}.${note.to}? use op.alterColumn(${renderString(note.table)}, ${renderString(note.from)}, { newName: ${renderString(note.to)} })`,
      );
    case 'tableRenameCandidate':
      return line(
        `possible rename of table ${note.from} to ${note.to}? use op.renameTable(${renderString(note.from)}, ${renderString(note.to)})`,
      );
    case 'enumValueRemoved':
      return line(
        `enum ${note.enum}: value '${note.value}' is gone from the models; PostgreSQL cannot drop an enum value (recreate the type by hand)`,
      );
    case 'enumValuesReordered':
      return line(
        `enum ${note.enum}: values reordered (${note.from.join(', ')} -> ${note.to.join(', ')}); PostgreSQL cannot reorder enum values`,
      );
    case 'autoincrementChanged':
      return line(
        `${note.table}.${note.column}: autoincrement ${note.from} -> ${note.to} is not migrated automatically`,
      );
  }
}
