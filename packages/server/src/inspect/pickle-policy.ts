// Classifies the globals a pickle would import. A global is what find_class() would resolve:
// unpickling calls it (REDUCE/NEWOBJ/OBJ/INST) or hands it to BUILD, so the module it comes
// from decides what loading the file can do. Dangerous wins over the allowlist.

import type { Verdict } from './types.js';

/** Modules any of whose attributes can run code, spawn processes, or touch files/network. */
const DANGEROUS_MODULES = [
  'os', 'posix', 'nt', 'subprocess', 'runpy', 'socket', 'shutil', 'importlib', 'pty', 'sys',
  'pickle', '_pickle', 'cPickle', 'pickletools', 'dill', 'cloudpickle', 'marshal', 'webbrowser',
  'commands', 'popen2', 'ctypes', '_ctypes', 'multiprocessing', 'code', 'codeop', 'pdb', 'bdb',
  'timeit', 'platform', 'signal', 'asyncio', 'threading', '_thread', 'io', '_io', 'tempfile',
  'urllib', 'urllib2', 'http', 'httplib', 'ftplib', 'smtplib', 'telnetlib', 'requests', 'ssl',
  'select', 'selectors', 'glob', 'zipimport', 'imp', 'builtins.__import__', 'types', 'operator',
  'functools.reduce', 'site', 'sysconfig', 'distutils', 'setuptools', 'pip', 'venv', 'ensurepip',
  'shelve', 'dbm', 'sqlite3', 'pathlib', 'fileinput', 'linecache', 'tarfile', 'zipfile', 'gc',
];

/** builtins / __builtin__ names that evaluate code or reach arbitrary attributes and files. */
const DANGEROUS_BUILTINS = new Set([
  'eval', 'exec', 'execfile', 'compile', '__import__', 'open', 'file', 'getattr', 'setattr',
  'delattr', 'globals', 'locals', 'vars', 'input', 'raw_input', 'breakpoint', 'apply', 'reload',
  'memoryview', 'help', 'exit', 'quit', 'super', '__build_class__',
]);

/** Exact names inside allowlisted libraries that load further pickles or run strings. */
const DANGEROUS_EXACT = new Set([
  'numpy.testing._private.utils.runstring', 'numpy.load', 'numpy.lib.npyio.load',
  'torch.load', 'torch.serialization.load', 'torch.hub.load', 'joblib.load',
  'joblib.numpy_pickle.load', 'pandas.read_pickle', 'pandas.io.pickle.read_pickle',
  'torch.serialization._load', 'numpy.f2py.compile', 'scipy.weave.inline',
]);

/** Known ML / data libraries whose globals a model pickle normally imports. */
const ALLOWED_MODULES = [
  'numpy', 'scipy', 'sklearn', 'pandas', 'xgboost', 'lightgbm', 'catboost', 'torch',
  'collections', 'joblib.numpy_pickle', 'statsmodels', 'patsy', 'datetime', 'decimal',
  'fractions', 'uuid', 'copyreg._reconstructor', 'copy_reg._reconstructor', '_codecs.encode',
  'imblearn', 'category_encoders', 'tensorflow', 'keras', 'transformers', 'tokenizers',
  'sentence_transformers', 'spacy', 'gensim', 'nltk', 'threadpoolctl', 'pytz', 'dateutil',
];

/** Harmless builtins that pickles of plain data reference. */
const SAFE_BUILTINS = new Set([
  'set', 'frozenset', 'list', 'dict', 'tuple', 'slice', 'complex', 'bytearray', 'bytes',
  'object', 'int', 'float', 'str', 'bool', 'range', 'Ellipsis', 'NotImplemented', 'unicode',
  'long', 'xrange', 'basestring', 'type',
]);

function inModule(full: string, module: string): boolean {
  return full === module || full.startsWith(`${module}.`);
}

function builtinName(full: string): string | null {
  for (const m of ['builtins.', '__builtin__.', 'exceptions.']) {
    if (full.startsWith(m)) return full.slice(m.length);
  }
  return null;
}

/** 'dangerous', 'suspicious' or 'safe' for one global written as module.name. */
export function classifyGlobal(full: string): Verdict {
  if (DANGEROUS_EXACT.has(full)) return 'dangerous';
  if (DANGEROUS_MODULES.some((m) => inModule(full, m))) return 'dangerous';
  const builtin = builtinName(full);
  if (builtin !== null) {
    if (DANGEROUS_BUILTINS.has(builtin.split('.')[0] ?? '')) return 'dangerous';
    return SAFE_BUILTINS.has(builtin) ? 'safe' : 'suspicious';
  }
  // Dunder attribute chains (e.g. numpy.__builtins__.eval) walk out of the allowlisted module.
  if (/\.__\w+__(\.|$)/.test(full) && !full.endsWith('.__newobj__')) return 'suspicious';
  return ALLOWED_MODULES.some((m) => inModule(full, m)) ? 'safe' : 'suspicious';
}

export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  const rank: Record<Verdict, number> = { safe: 0, suspicious: 1, dangerous: 2 };
  return rank[a] >= rank[b] ? a : b;
}
