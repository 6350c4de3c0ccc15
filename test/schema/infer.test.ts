import { describe, expectTypeOf, test } from 'vitest';
import { sql } from '../../src/operations/sql-tag.js';
import {
  defineSchema,
  t,
  table,
  type Generated,
  type InferDB,
  type InferInsert,
  type InferRow,
  type InferTable,
} from '../../src/schema/dsl.js';
import { designSchema, jobs, users } from './design-example.js';

/*
 * Kysely's own helpers, copied in their structure (kysely/dist/esm/util/column-type.d.ts), to
 * show that the inferred interfaces behave in Kysely as they should without depending on it.
 */
type SelectType<T> = T extends { readonly __select__: infer S } ? S : T;
type InsertType<T> = T extends { readonly __insert__: infer I } ? I : T;
type IfNullable<T, K> = undefined extends T ? K : null extends T ? K : never;
type IfNotNullable<T, K> = undefined extends T ? never : null extends T ? never : K;
type NonNullableInsertKeys<R> = { [K in keyof R]: IfNotNullable<InsertType<R[K]>, K> }[keyof R];
type NullableInsertKeys<R> = { [K in keyof R]: IfNullable<InsertType<R[K]>, K> }[keyof R];
type Selectable<R> = { [K in keyof R]: SelectType<R[K]> };
type Insertable<R> = { [K in NonNullableInsertKeys<R>]: InsertType<R[K]> } & {
  [K in NullableInsertKeys<R>]?: InsertType<R[K]>;
};

describe('row types', () => {
  test('InferRow: nullable columns are T | null', () => {
    expectTypeOf<InferRow<typeof users>>().toEqualTypeOf<{
      id: number;
      email: string;
      phone_number: string | null;
    }>();
    expectTypeOf<InferRow<typeof jobs>>().toEqualTypeOf<{
      id: number;
      title: string;
      embedding: number[] | null;
    }>();
  });

  test('InferTable: autoincrement and default columns are Generated', () => {
    expectTypeOf<InferTable<typeof users>>().toEqualTypeOf<{
      id: Generated<number>;
      email: string;
      phone_number: string | null;
    }>();
  });

  test('InferDB: a Kysely DB interface keyed by SQL table names', () => {
    type DB = InferDB<typeof designSchema>;
    expectTypeOf<keyof DB>().toEqualTypeOf<'users' | 'jobs' | 'resumes'>();
    expectTypeOf<Selectable<DB['users']>>().toEqualTypeOf<{
      id: number;
      email: string;
      phone_number: string | null;
    }>();
    expectTypeOf<Insertable<DB['users']>>().toEqualTypeOf<
      { email: string } & { id?: number; phone_number?: string | null }
    >();
    expectTypeOf<Selectable<DB['resumes']>>().toEqualTypeOf<{
      id: number;
      user_id: number;
      body: string | null;
    }>();
  });

  test('InferInsert: generated and nullable columns are optional', () => {
    expectTypeOf<InferInsert<typeof users>>().toEqualTypeOf<{
      email: string;
      id?: number;
      phone_number?: string | null;
    }>();
  });

  test('types per column kind, defaults, enums, arrays, $type', () => {
    const everything = table('everything', {
      big: t.bigint().notNull(),
      money: t.numeric(10, 2).notNull(),
      at: t
        .timestamp({ withTimezone: true })
        .notNull()
        .default(sql`now()`),
      mood: t.enum('mood', ['happy', 'sad']).notNull(),
      tags: t.array(t.text()).notNull(),
      data: t.json().$type<{ a: number }>(),
      raw: t.binary(),
      flag: t.boolean().default(false),
    });
    expectTypeOf<InferRow<typeof everything>>().toEqualTypeOf<{
      big: string;
      money: string;
      at: Date;
      mood: 'happy' | 'sad';
      tags: string[];
      data: { a: number } | null;
      raw: Uint8Array | null;
      flag: boolean | null;
    }>();
    type Table = InferTable<typeof everything>;
    expectTypeOf<Table['at']>().toEqualTypeOf<Generated<Date>>();
    expectTypeOf<Table['flag']>().toEqualTypeOf<Generated<boolean | null>>();
    const schema = defineSchema({ everything });
    expectTypeOf<keyof InferDB<typeof schema>>().toEqualTypeOf<'everything'>();
  });
});
