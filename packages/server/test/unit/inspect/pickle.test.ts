// Rules of the static pickle scan on hand-assembled pickles: every way a pickle can name a
// global is seen, the verdict follows the module lists, joblib's raw buffers and containers
// are followed, and bad content is refused with what was expected and what was found.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { InspectionRejected, sniff } from '../../../src/inspect/inspector.js';
import { fixture, inspect, localData, manifest } from './helpers.js';
import { PickleBuilder, joblibWrapper } from './pickle-builder.js';

const globalsOf = async (bytes: Uint8Array, format: 'pkl' | 'joblib' = 'pkl') => (await inspect(format, bytes)).details.globals;

function rejectedAs(found: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof InspectionRejected, String(err));
    assert.match(err.found, found);
    assert.ok(err.message.includes(err.expected));
    return true;
  };
}

describe('globals are found however the pickle names them', () => {
  test('STACK_GLOBAL operands reached through the memo are resolved', async () => {
    const p = new PickleBuilder().proto(4)
      .str('os').op('MEMOIZE').str('system').op('MEMOIZE').op('POP').op('POP')
      .binget(0).binget(1).op('STACK_GLOBAL').str('echo').op('TUPLE1').op('REDUCE').op('STOP').bytes();
    const r = await inspect('pkl', p);
    assert.equal(r.verdict, 'dangerous');
    assert.deepEqual(r.details.dangerousGlobals, ['os.system']);
  });

  test('INST names its class inline (protocol 0)', async () => {
    const p = new PickleBuilder().raw('(', "S'echo'\n", 'isubprocess\ncall\n', '.').bytes();
    assert.deepEqual(await globalsOf(p), ['subprocess.call']);
    assert.equal((await inspect('pkl', p)).details.protocol, 0);
  });

  test('OBJ takes its class from the marked stack (protocol 1)', async () => {
    const p = new PickleBuilder().raw('(').global('builtins', 'eval').raw("S'1'\n", 'o', '.').bytes();
    const r = await inspect('pkl', p);
    assert.equal(r.verdict, 'dangerous');
    assert.deepEqual(r.details.dangerousGlobals, ['builtins.eval']);
  });

  test('a STACK_GLOBAL whose operands are not strings is treated as dangerous', async () => {
    const p = new PickleBuilder().proto(4).int1(1).int1(2).op('STACK_GLOBAL').op('STOP').bytes();
    assert.equal((await inspect('pkl', p)).verdict, 'dangerous');
  });

  test('extension codes (EXT1) are listed and make the pickle suspicious', async () => {
    const p = new PickleBuilder().proto(2).raw(0x82, 7).op('EMPTY_TUPLE').op('REDUCE').op('STOP').bytes();
    const r = await inspect('pkl', p);
    assert.equal(r.verdict, 'suspicious');
    assert.deepEqual(r.details.globals, ['copyreg.extension_code.7']);
  });

  test('a second pickle after STOP is scanned too', async () => {
    const first = new PickleBuilder().proto(4).op('NONE').op('STOP');
    const p = first.global('posix', 'system').op('STOP').bytes();
    const r = await inspect('pkl', p);
    assert.equal(r.verdict, 'dangerous');
    assert.equal(r.details.pickles, 2);
  });
});

describe('verdicts', () => {
  const verdictOf = async (module: string, name: string) =>
    (await inspect('pkl', new PickleBuilder().proto(2).global(module, name).op('STOP').bytes())).verdict;

  test('modules that run code or touch the system are dangerous', async () => {
    for (const [m, n] of [['os', 'system'], ['nt', 'system'], ['runpy', '_run_code'], ['socket', 'socket'], ['shutil', 'rmtree'],
      ['importlib', 'import_module'], ['pty', 'spawn'], ['sys', 'exit'], ['pickle', 'loads'], ['webbrowser', 'open'],
      ['builtins', 'exec'], ['builtins', 'getattr'], ['__builtin__', 'compile'], ['builtins', '__import__'], ['builtins', 'open']]) {
      assert.equal(await verdictOf(m as string, n as string), 'dangerous', `${m}.${n}`);
    }
  });

  test('known ML libraries are safe and unknown modules are suspicious', async () => {
    assert.equal(await verdictOf('sklearn.ensemble._forest', 'RandomForestClassifier'), 'safe');
    assert.equal(await verdictOf('collections', 'OrderedDict'), 'safe');
    assert.equal(await verdictOf('xgboost.core', 'Booster'), 'safe');
    assert.equal(await verdictOf('mycompany.models', 'Custom'), 'suspicious');
    assert.equal(await verdictOf('numpy.testing._private.utils', 'runstring'), 'dangerous');
  });

  test('a suspicious global is named in the summary', async () => {
    const r = await inspect('pkl', new PickleBuilder().proto(2).global('mycompany.models', 'Custom').op('STOP').bytes());
    assert.deepEqual(r.details.suspiciousGlobals, ['mycompany.models.Custom']);
    assert.match(r.summary, /suspicious: mycompany\.models\.Custom/);
  });
});

describe('joblib', () => {
  test('raw array bytes after a NumpyArrayWrapper are skipped, whatever they contain', async () => {
    const b = joblibWrapper(new PickleBuilder().proto(4), 'f8', 3);
    // Position after the padding byte must be 16-aligned; the data would read as GLOBAL os.system.
    const pos = b.bytes().length + 1;
    const padding = (16 - (pos % 16)) % 16;
    b.raw(padding, ...new Array<number>(padding).fill(0xff)).raw('cos\nsystem\n', 'R.R.R.R.R.R.R');
    const r = await inspect('pkl', b.op('STOP').bytes());
    assert.equal(r.verdict, 'safe');
    assert.equal(r.kind, 'joblib');
    assert.deepEqual(r.details.arrays, [{ shape: [3], dtype: 'f8', order: 'C', bytes: 24 }]);
  });

  test('an object array is a nested pickle, and its globals are scanned', async () => {
    const b = joblibWrapper(new PickleBuilder().proto(4), 'O8', 1);
    b.proto(2).global('os', 'system').op('STOP').op('STOP');
    const r = await inspect('pkl', b.bytes());
    assert.equal(r.verdict, 'dangerous');
    assert.ok((r.details.globals as string[]).includes('os.system'));
  });

  const joblibFiles = manifest.files.filter((e) => e.format === 'joblib' && e.kind === 'good');
  const containers: Array<[string, (b: Uint8Array) => Uint8Array, string]> = [
    ['zlib', (b) => deflateSync(b), '.joblib'],
    ['gzip', (b) => gzipSync(b), '.joblib'],
  ];
  for (const e of joblibFiles) {
    for (const [name, compress] of containers) {
      test(`${e.file} compressed with ${name} is followed into its inner pickle`, async () => {
        const r = await inspect('pkl', compress(fixture(e.file)));
        assert.equal(r.details.container, name);
        for (const g of e.globals_resolved_on_load as string[]) assert.ok((r.details.globals as string[]).includes(g), g);
      });
    }
    test(`${e.file} compressed with xz is followed into its inner pickle`, async () => {
      const r = await inspect('joblib', localData(`${e.file}.xz`));
      assert.equal(r.details.container, 'xz');
      for (const g of e.globals_resolved_on_load as string[]) assert.ok((r.details.globals as string[]).includes(g), g);
    });
  }

  test('a bzip2 joblib file is followed into its inner pickle', async () => {
    const r = await inspect('pkl', localData('dtree_iris.joblib.bz2'));
    assert.equal(r.details.container, 'bzip2');
    assert.ok((r.details.globals as string[]).includes('sklearn.tree._tree.Tree'));
  });

  test('a truncated xz container is refused, not hung on', async () => {
    const xz = localData('logreg_iris.joblib.xz');
    await assert.rejects(inspect('pkl', xz.subarray(0, xz.length - 40)), rejectedAs(/corrupt|truncated/));
  });

  test('a corrupt gzip container is refused as corrupt compressed data', async () => {
    const gz = gzipSync(fixture('logreg_iris.joblib'));
    gz.fill(0x55, 20, 60);
    await assert.rejects(inspect('pkl', gz), rejectedAs(/corrupt|malformed|truncated/));
  });
});

describe('content must match the declared format', () => {
  test('a PMML file declared as pkl is refused as XML (PMML)', async () => {
    await assert.rejects(inspect('pkl', fixture('rattle_RegressionAuto.pmml')), (err: unknown) => {
      assert.ok(err instanceof InspectionRejected);
      assert.equal(err.expected, 'a Python pickle');
      assert.equal(err.found, 'XML (PMML)');
      return true;
    });
  });

  test('a pickle declared as pmml, onnx or rda is refused as a pickle', async () => {
    for (const format of ['pmml', 'onnx', 'rda'] as const) {
      await assert.rejects(inspect(format, fixture('logreg_iris_p4.pkl')), rejectedAs(/pickle/));
    }
  });

  test('pickle protocols above 5 are refused', async () => {
    await assert.rejects(inspect('pkl', new PickleBuilder().proto(6).op('NONE').op('STOP').bytes()), rejectedAs(/malformed/));
  });

  test('GET of a memo key never stored is refused as malformed', async () => {
    await assert.rejects(inspect('pkl', new PickleBuilder().proto(4).binget(3).op('STOP').bytes()), rejectedAs(/malformed/));
  });

  test('sniff names common contents', () => {
    assert.equal(sniff(new Uint8Array(0)), 'an empty file');
    assert.equal(sniff(fixture('rattle_RegressionAuto.pmml').subarray(0, 512)), 'XML (PMML)');
    assert.equal(sniff(fixture('lm_mtcars_gzip.rda').subarray(0, 16)), 'gzip-compressed data');
    assert.equal(sniff(fixture('logreg_iris_p4.pkl').subarray(0, 16)), 'a Python pickle (protocol 4)');
    assert.equal(sniff(fixture('rpart_iris_uncompressed.rda').subarray(0, 16)), 'R data (save())');
    assert.equal(sniff(fixture('random_bytes.rda').subarray(0, 64)), 'unrecognised bytes');
  });
});
