/**
 * The migration file template (`migrations/script.ts.tmpl`, written by `athanor init`).
 *
 * Placeholders rendered as TypeScript literals: `{{revision}}`, `{{downRevision}}` (`null`,
 * `'abc'` or `['a', 'b']`), `{{message}}`, `{{branchLabels}}`, `{{dependsOn}}`. A template line
 * holding `{{branchLabels}}` or `{{dependsOn}}` is dropped when that list is empty.
 * Code placeholders: `{{imports}}`, `{{upgrade}}`, `{{downgrade}}` (multi-line bodies are indented
 * like the placeholder's line). Plain text for comments: `{{revisionId}}`, `{{downRevisionIds}}`
 * (`<base>` or `a, b`), `{{messageText}}`, `{{createDate}}`.
 */
export const DEFAULT_TEMPLATE = `{{imports}}

/**
 * {{messageText}}
 *
 * Revision ID: {{revisionId}}
 * Revises: {{downRevisionIds}}
 * Create Date: {{createDate}}
 */
export default defineMigration({
  revision: {{revision}},
  downRevision: {{downRevision}},
  message: {{message}},
  branchLabels: {{branchLabels}},
  dependsOn: {{dependsOn}},
  async upgrade(op) {
    {{upgrade}}
  },
  async downgrade(op) {
    {{downgrade}}
  },
});
`;

/** What a template is rendered with. */
export interface TemplateValues {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  /** Upgrade body (TypeScript statements); default `// write the upgrade here`. */
  readonly upgrade?: string;
  /** Downgrade body; default `// write the downgrade here`. */
  readonly downgrade?: string;
  /**
   * Names imported from 'athanor' besides `defineMigration` (e.g. `['t', 'sql']`), or whole
   * `import ...` lines.
   */
  readonly imports?: readonly string[];
  /** Shown in the header comment; default: now, as ISO-8601 UTC. */
  readonly createDate?: string;
}

/**
 * A TypeScript single-quoted string literal for any text.
 *
 * @example
 * tsString("it's"); // "'it\\'s'"
 */
export function tsString(text: string): string {
  const body = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/**
 * A string list as a TypeScript literal.
 *
 * @example
 * tsList(['a', 'b']); // "['a', 'b']"
 */
export function tsList(items: readonly string[]): string {
  return `[${items.map(tsString).join(', ')}]`;
}

function renderImports(imports: readonly string[]): string {
  const lines = imports.filter((i) => /^\s*import\s/.test(i));
  const names = ['defineMigration', ...imports.filter((i) => !/^\s*import\s/.test(i))];
  const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))].sort((a, b) => (a === 'defineMigration' ? -1 : b === 'defineMigration' ? 1 : a.localeCompare(b)));
  return [`import { ${unique.join(', ')} } from 'athanor';`, ...lines].join('\n');
}

function downRevisionLiteral(down: string | readonly string[] | null): string {
  if (down === null) return 'null';
  if (typeof down === 'string') return tsString(down);
  return down.length === 1 ? tsString(down[0] as string) : tsList(down);
}

/**
 * Renders a migration template. Unknown `{{placeholders}}` are left as they are.
 *
 * @example
 * renderTemplate(DEFAULT_TEMPLATE, { revision: 'a1b2c3d4e5f6', downRevision: null, message: 'create users table' });
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const branchLabels = values.branchLabels ?? [];
  const dependsOn = values.dependsOn ?? [];
  const down = values.downRevision;
  const downIds = down === null ? '<base>' : typeof down === 'string' ? down : down.join(', ');
  const vars: Readonly<Record<string, string>> = {
    revision: tsString(values.revision),
    downRevision: downRevisionLiteral(down),
    message: tsString(values.message),
    branchLabels: tsList(branchLabels),
    dependsOn: tsList(dependsOn),
    imports: renderImports(values.imports ?? []),
    upgrade: values.upgrade ?? '// write the upgrade here',
    downgrade: values.downgrade ?? '// write the downgrade here',
    revisionId: values.revision,
    downRevisionIds: downIds,
    messageText: values.message.replace(/\s+/g, ' ').replace(/\*\//g, '* /'),
    createDate: values.createDate ?? new Date().toISOString(),
  };
  const out: string[] = [];
  for (const line of template.replace(/\r\n/g, '\n').split('\n')) {
    if ((line.includes('{{branchLabels}}') && branchLabels.length === 0) || (line.includes('{{dependsOn}}') && dependsOn.length === 0)) continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    out.push(
      line.replace(/\{\{(\w+)\}\}/g, (match, key: string) => {
        const value = vars[key];
        return value === undefined ? match : indentBody(value.replace(/\r\n/g, '\n').replace(/\n+$/, ''), indent);
      }),
    );
  }
  return out.join('\n');
}

function indentBody(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() === '' ? line.trimEnd() : indent + line))
    .join('\n');
}
