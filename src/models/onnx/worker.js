// The ONNX session worker (plain JS so it runs without the TypeScript loader): onnxruntime-node runs
// inference synchronously on the calling thread, so heavy models run here, off the event loop.
// Protocol: workerData {bytes, options}; messages {id, feeds: {name: {type, data, dims}}, fetches} →
// {id, outputs: {name: {type, data, dims}}} or {id, error}.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(workerData.bytes, workerData.options);
const meta = (names, metadata) => names.map((name, i) => ({ name, ...metadata[i] }));
parentPort.postMessage({ ready: true, inputs: meta(session.inputNames, session.inputMetadata), outputs: meta(session.outputNames, session.outputMetadata) });

parentPort.on('message', async (msg) => {
  if (msg.release) {
    await session.release();
    parentPort.close();
    return;
  }
  try {
    const feeds = {};
    for (const [name, t] of Object.entries(msg.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
    const result = await session.run(feeds, msg.fetches);
    const outputs = {};
    const transfer = [];
    for (const [name, t] of Object.entries(result)) {
      outputs[name] = { type: t.type, data: t.data, dims: t.dims };
      if (ArrayBuffer.isView(t.data)) transfer.push(t.data.buffer);
    }
    parentPort.postMessage({ id: msg.id, outputs }, transfer);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err?.message ?? err) });
  }
});
