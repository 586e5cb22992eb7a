// The unpickler's stack, metastack (MARK) and memo, replayed over abstract values. Each opcode
// pops and pushes exactly what CPython's _Unpickler does, so that stack positions stay true and
// a malformed pickle (popping an empty stack, GET of a missing memo key) is caught as Python
// would catch it at load time. Nothing is ever constructed or called.

import { reject } from './types.js';
import { ANY, LIMITS, NONE, type PV, className, fillDict, setItem, tuple } from './pickle-values.js';

export interface MachineHooks {
  /** A global the pickle would import; `how` is the opcode that names it. */
  onGlobal(name: string, how: string): void;
  /** BUILD applied state to an instance of `cls`. */
  onBuild(target: PV & { t: 'obj' }): void;
}

export class PickleMachine {
  stack: PV[] = [];
  private metastack: PV[][] = [];
  private memo = new Map<number, PV>();
  private memoOverflow = false;
  reduceCount = 0;

  constructor(private readonly hooks: MachineHooks) {}

  malformed(why: string): Error {
    return reject('a Python pickle', 'a malformed pickle', why);
  }

  push(v: PV): void {
    if (this.stack.length >= LIMITS.stackLength) throw this.malformed('the stack grows past any real pickle');
    this.stack.push(v);
  }

  pop(op: string): PV {
    const v = this.stack.pop();
    if (v === undefined) throw this.malformed(`${op} on an empty stack`);
    return v;
  }

  top(op: string): PV {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined) throw this.malformed(`${op} on an empty stack`);
    return v;
  }

  mark(): void {
    if (this.metastack.length >= LIMITS.markDepth) throw this.malformed('MARK nesting deeper than any real pickle');
    this.metastack.push(this.stack);
    this.stack = [];
  }

  popMark(op: string): PV[] {
    const items = this.stack;
    const outer = this.metastack.pop();
    if (outer === undefined) throw this.malformed(`${op} without a MARK`);
    this.stack = outer;
    return items;
  }

  memoPut(index: number, op: string): void {
    const v = this.top(op);
    if (this.memo.size >= LIMITS.memoEntries && !this.memo.has(index)) {
      this.memoOverflow = true;
      return;
    }
    this.memo.set(index, v);
  }

  memoize(): void {
    this.memoPut(this.memo.size + (this.memoOverflow ? LIMITS.memoEntries : 0), 'MEMOIZE');
  }

  memoGet(index: number, op: string): void {
    const v = this.memo.get(index);
    if (v === undefined && !this.memoOverflow) throw this.malformed(`${op} of memo key ${index}, which was never stored`);
    this.push(v ?? ANY);
  }

  global(name: string, how: string): PV {
    this.hooks.onGlobal(name, how);
    return { t: 'global', name };
  }

  stackGlobal(): void {
    const name = this.pop('STACK_GLOBAL');
    const module = this.pop('STACK_GLOBAL');
    if (module.t === 'str' && name.t === 'str') {
      this.push(this.global(`${module.v}.${name.v}`, 'STACK_GLOBAL'));
    } else {
      // Operands that are not plain strings cannot be named statically: treat as hostile.
      this.push(this.global('<unresolved STACK_GLOBAL>', 'STACK_GLOBAL'));
    }
  }

  instantiate(callable: PV, args: PV | null, op: string): void {
    if (op === 'REDUCE') this.reduceCount++;
    this.push({ t: 'obj', cls: className(callable), args, state: null });
  }

  build(): void {
    const state = this.pop('BUILD');
    const target = this.top('BUILD');
    if (target.t !== 'obj') return;
    target.state = state;
    this.hooks.onBuild(target);
  }

  /** Opcodes without an argument (and the ones whose argument was decoded by the scanner). */
  exec(op: string): void {
    const handler = SIMPLE[op];
    if (handler === undefined) throw new Error(`pickle machine has no handler for ${op}`);
    handler(this);
  }

  /** Starts a nested pickle (joblib object arrays) with a fresh stack and memo; returns a restore function. */
  enterNested(): () => void {
    const saved = { stack: this.stack, meta: this.metastack, memo: this.memo, overflow: this.memoOverflow };
    this.stack = [];
    this.metastack = [];
    this.memo = new Map();
    this.memoOverflow = false;
    return () => {
      Object.assign(this, { stack: saved.stack, metastack: saved.meta, memo: saved.memo, memoOverflow: saved.overflow });
    };
  }

  /** Resets stack and memo between successive pickles in one file. */
  resetForNextPickle(): void {
    this.stack = [];
    this.metastack = [];
    this.memo = new Map();
    this.memoOverflow = false;
  }
}

function tupleOf(m: PickleMachine, n: number, op: string): void {
  const items: PV[] = [];
  for (let i = 0; i < n; i++) items.unshift(m.pop(op));
  m.push(tuple(items));
}

const SIMPLE: Record<string, (m: PickleMachine) => void> = {
  MARK: (m) => m.mark(),
  POP: (m) => (m.stack.length > 0 ? void m.pop('POP') : void m.popMark('POP')),
  POP_MARK: (m) => void m.popMark('POP_MARK'),
  DUP: (m) => m.push(m.top('DUP')),
  NONE: (m) => m.push(NONE),
  NEWTRUE: (m) => m.push(ANY),
  NEWFALSE: (m) => m.push(ANY),
  BINPERSID: (m) => (m.pop('BINPERSID'), m.push(ANY)),
  REDUCE: (m) => {
    const args = m.pop('REDUCE');
    m.instantiate(m.pop('REDUCE'), args, 'REDUCE');
  },
  APPEND: (m) => (m.pop('APPEND'), void m.top('APPEND')),
  APPENDS: (m) => (m.popMark('APPENDS'), void m.top('APPENDS')),
  BUILD: (m) => m.build(),
  DICT: (m) => {
    const d: PV = { t: 'dict', map: new Map() };
    fillDict(d, m.popMark('DICT'));
    m.push(d);
  },
  EMPTY_DICT: (m) => m.push({ t: 'dict', map: new Map() }),
  LIST: (m) => (m.popMark('LIST'), m.push(ANY)),
  EMPTY_LIST: (m) => m.push(ANY),
  OBJ: (m) => {
    const items = m.popMark('OBJ');
    const cls = items.shift();
    if (cls === undefined) throw m.malformed('OBJ without a class');
    m.instantiate(cls, tuple(items), 'OBJ');
  },
  SETITEM: (m) => {
    const value = m.pop('SETITEM');
    const key = m.pop('SETITEM');
    setItem(m.top('SETITEM'), key, value);
  },
  SETITEMS: (m) => {
    const items = m.popMark('SETITEMS');
    fillDict(m.top('SETITEMS'), items);
  },
  TUPLE: (m) => m.push(tuple(m.popMark('TUPLE'))),
  EMPTY_TUPLE: (m) => m.push(tuple([])),
  TUPLE1: (m) => tupleOf(m, 1, 'TUPLE1'),
  TUPLE2: (m) => tupleOf(m, 2, 'TUPLE2'),
  TUPLE3: (m) => tupleOf(m, 3, 'TUPLE3'),
  NEWOBJ: (m) => {
    const args = m.pop('NEWOBJ');
    m.instantiate(m.pop('NEWOBJ'), args, 'NEWOBJ');
  },
  NEWOBJ_EX: (m) => {
    m.pop('NEWOBJ_EX');
    const args = m.pop('NEWOBJ_EX');
    m.instantiate(m.pop('NEWOBJ_EX'), args, 'NEWOBJ_EX');
  },
  EMPTY_SET: (m) => m.push(ANY),
  ADDITEMS: (m) => (m.popMark('ADDITEMS'), void m.top('ADDITEMS')),
  FROZENSET: (m) => (m.popMark('FROZENSET'), m.push(ANY)),
  STACK_GLOBAL: (m) => m.stackGlobal(),
  MEMOIZE: (m) => m.memoize(),
  NEXT_BUFFER: (m) => m.push(ANY),
  READONLY_BUFFER: (m) => void m.top('READONLY_BUFFER'),
};
