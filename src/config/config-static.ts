import { LiteralScanner, NotStaticError, type StaticValue } from '../script/script-literal.js';

/**
 * Reads a config module statically when it is plain data: only imports from 'athanor' (or
 * `import type`), then `export default defineConfig({...})` or `export default {...}` made of
 * literals. Returns undefined otherwise (the file is then imported with jiti). This keeps
 * `athanor heads` from loading a TypeScript compiler just to read three strings.
 * Any other import (`import 'dotenv/config'`) or statement means "evaluate it": side effects
 * are honoured.
 *
 * @example
 * readStaticConfig(`import { defineConfig } from 'athanor';\nexport default defineConfig({ url: 'sqlite:./app.db' });`);
 * // { url: 'sqlite:./app.db' }
 */
export function readStaticConfig(source: string): Readonly<Record<string, StaticValue>> | undefined {
  try {
    const scanner = new LiteralScanner(source);
    let config: Record<string, StaticValue> | undefined;
    while (!scanner.done) {
      if (scanner.eat(';')) continue;
      const word = scanner.readIdentifier();
      if (word === 'import') readImport(scanner);
      else if (word === 'export' && config === undefined) config = readExportDefault(scanner);
      else return undefined;
    }
    return config;
  } catch (error) {
    if (error instanceof NotStaticError) return undefined;
    throw error;
  }
}

function readImport(scanner: LiteralScanner): void {
  const typeOnly = scanner.eat('type');
  if (scanner.skipTrivia() === "'" || scanner.skipTrivia() === '"') throw new NotStaticError('side-effect import');
  // the bindings: `{ a, type B }`, `x`, `* as x`, or `x, { a }`
  while (!scanner.eat('from')) {
    if (scanner.done) throw new NotStaticError('bad import');
    scanner.skipToken();
  }
  const from = scanner.readString();
  if (!typeOnly && from !== 'athanor') throw new NotStaticError(`imports '${from}'`);
}

function readExportDefault(scanner: LiteralScanner): Record<string, StaticValue> {
  scanner.expect('default');
  const wrapped = scanner.eat('defineConfig');
  if (wrapped) scanner.expect('(');
  const value = scanner.readValue();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new NotStaticError('not an object');
  if (wrapped) {
    scanner.eat(',');
    scanner.expect(')');
  }
  if (scanner.eat('satisfies')) {
    if (scanner.readIdentifier() === undefined) throw new NotStaticError('satisfies what?');
  }
  return value as Record<string, StaticValue>;
}
