// Columnar inputs cannot all be frozen (typed arrays refuse Object.freeze): freeze what can be,
// and check typed arrays against a copy taken before the call.
import { expect } from "vitest";

/** Freezes objects and arrays deeply; typed arrays are left as they are (see `unchanged`). */
export function freeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    if (!Object.isFrozen(value)) Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) freeze(Reflect.get(value, key));
  }
  return value;
}

function typedArrays(value: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) out.push(value);
  else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) typedArrays(Reflect.get(value, key), out);
  }
  return out;
}

/** Runs `compute` and checks that no typed array inside `input` changed; returns the result. */
export function unchanged<R>(input: unknown, compute: () => R): R {
  const arrays = typedArrays(input);
  const before = arrays.map(
    (a) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)),
  );
  const result = compute();
  arrays.forEach((a, k) => {
    expect(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).toEqual(before[k]);
  });
  return result;
}
