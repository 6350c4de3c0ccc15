/**
 * The start-up guard of the public API, on real databases: `assertUpToDate({ config })` throws
 * SchemaNotUpToDateError with a message that names where the database is and what the code
 * expects, and resolves once the database is at head. It never writes.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  AthanorError,
  SchemaNotUpToDateError,
  assertUpToDate,
  loadConfig,
  upgrade,
} from '../../src/index.js';
import { targets } from '../helpers/databases.js';
import type { RunProject } from '../runtime/run-fixture.js';
import { PHONE, USERS, VECTORS, createDeployProject } from './deploy-fixture.js';

const all = await targets();
const engines = all.filter((t) => t.name === 'sqlite' || t.name === 'postgresql');

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(engines)('assertUpToDate on $name', (target) => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test.skipIf(!target.available)(
    'one migration behind: the message names both and says what to run',
    async () => {
      project = await createDeployProject(target);
      const config = await loadConfig({ cwd: project.dir, env: {} });
      await upgrade({ config, target: VECTORS });

      const error = await caught(assertUpToDate({ config }));
      expect(error).toBeInstanceOf(SchemaNotUpToDateError);
      expect(error).toBeInstanceOf(AthanorError);
      const e = error as SchemaNotUpToDateError;
      expect(e.message).toBe(
        'database is at 002_add_vectors, this code expects 003_add_phone_number_to_users; run `athanor upgrade head`',
      );
      expect(e.name).toBe('SchemaNotUpToDateError');
      expect(e.code).toBe('E_NOT_UP_TO_DATE');
      expect(e.details).toEqual({
        current: [VECTORS],
        heads: [PHONE],
        pending: [PHONE],
        unknown: [],
      });

      await upgrade({ config, target: 'head' });
      const position = await assertUpToDate({ config });
      expect(position).toMatchObject({ upToDate: true, pending: [] });
    },
  );

  test.skipIf(!target.available)(
    'an empty database: "no migrations applied", and nothing is created',
    async () => {
      project = await createDeployProject(target);
      const config = await loadConfig({ cwd: project.dir, env: {} });
      const error = await caught(assertUpToDate({ config }));
      expect((error as Error).message).toBe(
        'database has no migrations applied, this code expects 003_add_phone_number_to_users; run `athanor upgrade head`',
      );
      expect((error as SchemaNotUpToDateError).details).toMatchObject({
        pending: [USERS, VECTORS, PHONE],
      });
      if (target.dialect !== 'sqlite') expect(await project.versionRows()).toBeUndefined();
    },
  );

  test.skipIf(!target.available)(
    'a database ahead of the code: refused by default, accepted with allowNewer',
    async () => {
      project = await createDeployProject(target);
      const config = await loadConfig({ cwd: project.dir, env: {} });
      await upgrade({ config, target: 'head' });
      // Newer code migrated further: its revision is unknown to this code.
      await project.query("UPDATE athanor_version SET version_num = 'd4d4d4d4d4d4'");
      const error = await caught(assertUpToDate({ config }));
      expect((error as Error).message).toContain(
        'database is at d4d4d4d4d4d4 (no migration file), this code expects 003_add_phone_number_to_users; the database has revisions this code does not know (d4d4d4d4d4d4)',
      );
      await expect(assertUpToDate({ config, allowNewer: true })).resolves.toMatchObject({
        unknown: ['d4d4d4d4d4d4'],
      });

      // Behind is never accepted, allowNewer or not.
      await project.query(`UPDATE athanor_version SET version_num = '${VECTORS}'`);
      await expect(assertUpToDate({ config, allowNewer: true })).rejects.toBeInstanceOf(
        SchemaNotUpToDateError,
      );
    },
  );
});
