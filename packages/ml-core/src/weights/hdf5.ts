import type h5wasmModule from 'h5wasm/node';
import type { Group } from 'h5wasm/node';

export type Hdf5 = typeof h5wasmModule;

// Loaded on first use, not on import: under tsx (how the API and trainer run) importing
// h5wasm/node's 4 MB single-file build costs about 600 MB resident for the life of the process
// (measured: 73 MB -> 675 MB; 40 MB under plain node), and most processes that import ml-core
// (the API, its prediction threads) never read an .h5 file.
let loading: Promise<Hdf5> | undefined;
function loadHdf5(): Promise<Hdf5> {
  loading ??= import('h5wasm/node').then((module) => module.default);
  return loading;
}

/**
 * Runs synchronous h5wasm work with HDF5's throwing error handler on. By default h5wasm prints HDF5's
 * error stack to stderr and carries on with invalid ids (a non-HDF5 file "opens" with id -1); with the
 * handler on, failures throw an Error holding that stack, which `hdf5Reason` turns into one line.
 * The handler is process-global state, so `work` must not await: nothing else can run h5wasm code
 * between switching it on and off.
 */
export async function withHdf5<T>(work: (lib: Hdf5) => T): Promise<Awaited<T>> {
  const h5wasm = await loadHdf5();
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  try {
    const result = work(h5wasm);
    if (result instanceof Promise) throw new Error('withHdf5: work must be synchronous');
    return result as Awaited<T>;
  } finally {
    module.deactivate_throwing_error_handler();
  }
}

/** The innermost HDF5 reason from a thrown HDF5-DIAG stack (e.g. "file signature not found"). */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const reasons = [...text.matchAll(/#\d+:.* in [\w.]+\(\): (.+)$/gm)].map((m) => (m[1] ?? '').trim());
  const innermost = reasons[reasons.length - 1];
  if (innermost) return innermost;
  const firstLine = text.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? 'unknown HDF5 error';
}

function asStringList(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  const decode = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.replace(/\0+$/, '');
    if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, '');
    return undefined;
  };
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      const s = decode(item);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }
  // An empty numpy array written by h5py comes back as an empty numeric typed array.
  if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array) && (value as unknown as ArrayLike<number>).length === 0) {
    return [];
  }
  const single = decode(value);
  return single === undefined ? undefined : [single];
}

/**
 * A list-of-strings attribute as Keras writes it. Keras splits attributes bigger than HDF5's 64 KB
 * object-header limit into `name0`, `name1`, …; those are joined back. `undefined` when absent.
 */
export function readStringListAttr(group: Group, name: string): string[] | undefined {
  const attrs = group.attrs;
  const whole = attrs[name];
  if (whole !== undefined) {
    const list = asStringList(whole.value);
    if (list === undefined) throw new Error(`attribute "${name}" of ${group.path} is not a list of strings`);
    return list;
  }
  if (attrs[`${name}0`] === undefined) return undefined;
  const out: string[] = [];
  for (let chunk = 0; attrs[`${name}${chunk}`] !== undefined; chunk += 1) {
    const list = asStringList(attrs[`${name}${chunk}`]?.value);
    if (list === undefined) throw new Error(`attribute "${name}${chunk}" of ${group.path} is not a list of strings`);
    out.push(...list);
  }
  return out;
}

/** Writes a list of strings the way h5py stores a numpy `S` array: fixed-length ASCII strings. */
export function writeStringListAttr(group: Group, name: string, values: readonly string[]): void {
  const longest = values.reduce((n, v) => Math.max(n, Buffer.byteLength(v, 'utf8')), 0);
  // +1: h5wasm's 'A' strings are NUL-terminated, so the terminator needs its own byte.
  group.create_attribute(name, [...values], [values.length], `A${longest + 1}`);
}
