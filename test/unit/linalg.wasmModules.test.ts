import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleWasmModules, WASM_MODULES } from '../../src/core/linalg/wasmModules';
import { compileOrNull, type WasmModuleSpec } from '../../src/core/linalg/wasmRuntime';
import { ensureBuilt, ROOT } from './cliProcess';

/** A module with one empty function, and the same with an extra byte that breaks it. */
const VALID = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b];

describe('linalg: WebAssembly modules assembled by the build', () => {
  it('lists every kernel module once, each assembling to a module that compiles', () => {
    const names = WASM_MODULES.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    const table = assembleWasmModules();
    assert.deepEqual(Object.keys(table).sort(), [...names].sort());
    for (const m of WASM_MODULES) {
      assert.deepEqual(table[m.name], Array.from(m.assemble()), m.name);
      assert.notEqual(compileOrNull(m, {}), null, m.name);
    }
  });

  it('refuses two modules of one name', () => {
    const a: WasmModuleSpec = { name: 'same', assemble: () => new Uint8Array(VALID) };
    assert.throws(() => assembleWasmModules([a, { ...a }]), /two WebAssembly modules are named same/);
  });

  it('compiles the bytes from the table when it has the module, and assembles them otherwise', () => {
    let assembled = 0;
    const spec: WasmModuleSpec = {
      name: 'probe',
      assemble: () => {
        assembled++;
        return new Uint8Array([...VALID, 0]);
      },
    };
    assert.notEqual(compileOrNull(spec, { probe: VALID }), null);
    assert.equal(assembled, 0);
    // Not in the table: assembled here (and these bytes do not compile).
    assert.equal(compileOrNull(spec, { other: VALID }), null);
    assert.equal(assembled, 1);
  });

  it('the built CLI bundle holds the bytes the sources assemble', function () {
    this.timeout(120_000);
    ensureBuilt();
    const bundle = readFileSync(join(ROOT, 'dist', 'cli-main.js'), 'utf8');
    const expected = JSON.stringify(assembleWasmModules());
    // Defined as a string literal whose text is the table's JSON (nothing in it needs escaping).
    assert.ok(bundle.includes(expected), 'the assembled table is not in dist/cli-main.js');
  });
});
