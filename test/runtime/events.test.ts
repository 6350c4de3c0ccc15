import { describe, expect, test } from 'vitest';
import {
  emitRunEvent,
  formatRunEvent,
  formatStepLine,
  type StepInfo,
} from '../../src/runtime/events.js';

const step: StepInfo = {
  index: 2,
  total: 12,
  direction: 'up',
  revision: { revision: '9c0d2b7e1f3a', stem: '002_add_vector_support' },
  message: 'add vector support',
  from: [{ revision: '1f3a9c0d2b7e', stem: '001_initial' }],
  to: [{ revision: '9c0d2b7e1f3a', stem: '002_add_vector_support' }],
};

describe('log lines in Alembic shape, with file stems', () => {
  test('steps', () => {
    expect(formatStepLine(step)).toBe(
      'Running upgrade 1f3a9c0d2b7e (001_initial) -> 9c0d2b7e1f3a (002_add_vector_support), add vector support',
    );
    expect(formatRunEvent({ kind: 'stepFinished', step, durationMs: 123 })).toBe(
      'Running upgrade 1f3a9c0d2b7e (001_initial) -> 9c0d2b7e1f3a (002_add_vector_support), add vector support (0.12 s)',
    );
    expect(
      formatRunEvent({ kind: 'stepFinished', step, durationMs: 5 }, { progress: true }),
    ).toMatch(/^\[2\/12\] Running upgrade/);
    const first = { ...step, from: [], direction: 'up' as const };
    expect(formatStepLine(first)).toBe(
      'Running upgrade  -> 9c0d2b7e1f3a (002_add_vector_support), add vector support',
    );
    const down = { ...step, direction: 'down' as const, from: step.to, to: step.from };
    expect(formatStepLine(down)).toBe(
      'Running downgrade 9c0d2b7e1f3a (002_add_vector_support) -> 1f3a9c0d2b7e (001_initial), add vector support',
    );
  });

  test('other events', () => {
    expect(
      formatRunEvent({
        kind: 'operationSkipped',
        revision: step.revision,
        operation: 'createExtension',
        dialect: 'sqlite',
        dialects: ['postgresql'],
      }),
    ).toBe(
      'Skipped createExtension in 9c0d2b7e1f3a (002_add_vector_support) on sqlite (only for postgresql)',
    );
    expect(formatRunEvent({ kind: 'upToDate', heads: [] })).toBe(
      'Nothing to do: the database is at base',
    );
    expect(formatRunEvent({ kind: 'stamped', from: [], to: [step.revision] })).toBe(
      'Stamped base -> 9c0d2b7e1f3a (002_add_vector_support)',
    );
    expect(formatRunEvent({ kind: 'lockWaiting', key: 'k', timeoutMs: 1 })).toBeUndefined();
  });

  test('a throwing listener cannot break a run', () => {
    expect(() =>
      emitRunEvent(
        () => {
          throw new Error('printer broke');
        },
        { kind: 'upToDate', heads: [] },
      ),
    ).not.toThrow();
  });
});
