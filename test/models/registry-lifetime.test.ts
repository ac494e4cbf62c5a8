/** A deleted version's model is released only after its last call in flight returns. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { guard, type InFlight } from '../../src/models/lifetime.ts';
import type { LoadedModel } from '../../src/models/runtime.ts';

test('dispose waits for calls in flight once the version is doomed', async () => {
  let release!: () => void;
  let disposed = 0;
  const inner: LoadedModel = {
    inputs: [],
    outputs: [],
    score: () => new Promise((resolve) => (release = () => resolve(new Float32Array([0.5])))),
    dispose: async () => void disposed++,
  };
  const state: InFlight = { busy: 0, doomed: false };
  const model = guard(inner, state);
  const call = model.score(new Float32Array(1), 1);
  assert.is(state.busy, 1);
  state.doomed = true; // what registry.remove does while a batch is running
  assert.is(disposed, 0);
  release();
  assert.equal(Array.from(await call), [0.5]);
  assert.is(state.busy, 0);
  assert.is(disposed, 1);
});

test.run();
