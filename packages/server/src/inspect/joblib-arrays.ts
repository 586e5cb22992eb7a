// joblib writes each numpy array as a pickled NumpyArrayWrapper followed, outside the pickle,
// by the array's raw bytes (joblib/numpy_pickle.py: NumpyPickler.save commits the frame, then
// NumpyArrayWrapper.write_array writes them). The wrapper's BUILD state says how many:
//   {'subclass', 'shape': (d0, d1, ...), 'order': 'C'|'F', 'dtype': numpy.dtype(...),
//    'allow_mmap': bool, 'numpy_array_alignment_bytes': 16 (joblib >= 1.2, absent before)}
// With an alignment, one byte holding the padding length comes first, then that many 0xff
// bytes. Arrays of Python objects are written as a nested protocol-2 pickle instead.

import { type PV, asInt, asStr } from './pickle-values.js';

export const WRAPPER_CLASS = 'joblib.numpy_pickle.NumpyArrayWrapper';

export interface ArrayPlan {
  shape: number[];
  dtype: string;
  order: string;
  /** Raw data bytes after the optional padding (0 for object arrays). */
  bytes: number;
  /** A padding-length byte precedes the data (joblib >= 1.2 with alignment set). */
  padded: boolean;
  /** dtype is object: the data is a nested pickle, not raw bytes. */
  objectArray: boolean;
}

function stateEntry(state: PV | null, key: string): PV | undefined {
  return state?.t === 'dict' ? state.map.get(key) : undefined;
}

function shapeOf(v: PV | undefined): number[] | null {
  if (v?.t === 'int') return [v.v];
  if (v?.t !== 'tuple') return null;
  const dims = v.items.map((d) => asInt(d));
  return dims.every((d): d is number => d !== null && d >= 0) ? dims : null;
}

/** The dtype's type string (numpy.dtype REDUCE args[0], e.g. 'f8', 'i8', 'U20', 'O8') and element size. */
function dtypeOf(v: PV | undefined): { name: string; itemsize: number } | null {
  if (v?.t !== 'obj' || v.args?.t !== 'tuple') return null;
  const name = asStr(v.args.items[0]);
  if (name === null) return null;
  const digits = /(\d+)$/.exec(name)?.[1];
  let itemsize = digits === undefined ? 0 : Number(digits);
  // Flexible and structured dtypes carry the real size as elsize (state index 5).
  const elsize = v.state?.t === 'tuple' ? asInt(v.state.items[5]) : null;
  if (elsize !== null && elsize > 0) itemsize = elsize;
  if (name === 'b1' || name === '?') itemsize = 1;
  return { name, itemsize };
}

/** What follows a wrapper in the stream, or an explanation of why it cannot be known. */
export function planArray(state: PV | null): ArrayPlan | string {
  const shape = shapeOf(stateEntry(state, 'shape'));
  const dtype = dtypeOf(stateEntry(state, 'dtype'));
  if (shape === null) return 'a NumpyArrayWrapper without a readable shape';
  if (dtype === null) return 'a NumpyArrayWrapper without a readable dtype';
  const objectArray = dtype.name.startsWith('O');
  if (!objectArray && dtype.itemsize <= 0) return `a NumpyArrayWrapper with dtype ${dtype.name} of unknown size`;
  const bytes = objectArray ? 0 : shape.reduce((a, d) => a * d, dtype.itemsize);
  if (!Number.isSafeInteger(bytes)) return 'a NumpyArrayWrapper whose array size overflows';
  const alignment = asInt(stateEntry(state, 'numpy_array_alignment_bytes'));
  return {
    shape,
    dtype: dtype.name,
    order: asStr(stateEntry(state, 'order')) ?? 'C',
    bytes,
    padded: !objectArray && alignment !== null && alignment > 0,
    objectArray,
  };
}
