/**
 * Freezes plain data in place, all the way down (models and operations are readonly data).
 * The walk uses an explicit stack: nesting depth never costs call-stack depth.
 *
 * @example
 * const model = deepFreeze({ tables: [], enums: [], extensions: [] });
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const child of Object.values(item)) stack.push(child);
  }
  return value;
}
