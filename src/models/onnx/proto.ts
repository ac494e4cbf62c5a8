/**
 * A minimal reader of the ONNX protobuf (onnx.proto, IR v3–v10) that inspects a model before any
 * session is created: graph inputs/outputs and their types, metadata_props, opset imports, and every
 * tensor that points at external data. It walks the wire format and skips tensor payloads by length,
 * so a 100 MB model costs one pass and no copies (a full protobufjs decode would materialize every
 * weight as a JS number).
 */

/** TensorProto.DataType → onnxruntime's type names (onnx.proto `enum DataType`). */
export const ONNX_ELEM_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

export interface OnnxValueInfo {
  name: string;
  /** `tensor` or the non-tensor kind (`sequence`, `map`, `optional`, `sparse_tensor`), e.g. a ZipMap output is `sequence`. */
  kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse_tensor' | 'unknown';
  /** Element type name for tensors (`float32`, `int64`, …). */
  type?: string;
  /** Dimensions: numbers, or the symbolic name of a dimension (`N`), or -1 when absent. */
  shape?: Array<number | string>;
}

export interface OnnxInspection {
  irVersion: number;
  opsets: Array<{ domain: string; version: number }>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
  /** Tensors whose data lives outside the model file: `name → location`. */
  externalData: Array<{ tensor: string; location: string }>;
  /** Every initializer name: graph inputs with an initializer are not fed by the caller (IR < 4 models list them as inputs). */
  initializers: Set<string>;
}

export class OnnxProtoError extends Error {}

type Field = { field: number; wire: number; varint: bigint; start: number; end: number };

/** Inspects serialized ModelProto bytes; throws OnnxProtoError when they are not a well-formed ModelProto. */
export function inspectOnnx(bytes: Uint8Array): OnnxInspection {
  const out: OnnxInspection = { irVersion: 0, opsets: [], inputs: [], outputs: [], metadata: {}, externalData: [], initializers: new Set() };
  let graphSeen = false;
  for (const f of fields(bytes, 0, bytes.length)) {
    if (f.field === 1 && f.wire === 0) out.irVersion = Number(f.varint);
    else if (f.field === 8 && f.wire === 2) out.opsets.push(opset(bytes, f));
    else if (f.field === 7 && f.wire === 2) {
      graphSeen = true;
      graph(bytes, f, out, true);
    } else if (f.field === 14 && f.wire === 2) {
      const [key, value] = stringPair(bytes, f);
      out.metadata[key] = value;
    } else if (f.field === 20 && f.wire === 2) {
      // TrainingInfoProto: initialization (1) and algorithm (2) are graphs that may hold tensors.
      for (const t of fields(bytes, f.start, f.end)) if ((t.field === 1 || t.field === 2) && t.wire === 2) graph(bytes, t, out, false);
    } else if (f.field === 25 && f.wire === 2) {
      // FunctionProto: node (7).
      for (const n of fields(bytes, f.start, f.end)) if (n.field === 7 && n.wire === 2) node(bytes, n, out);
    }
  }
  if (!graphSeen || out.irVersion === 0) throw new OnnxProtoError('no graph or IR version: this is not an ONNX ModelProto');
  return out;
}

/** Subgraphs (If, Loop, Scan bodies) nest a few levels in real models; a crafted file could nest until the stack overflows. */
const MAX_GRAPH_DEPTH = 64;

function graph(buf: Uint8Array, g: Field, out: OnnxInspection, top: boolean, depth = 0): void {
  if (depth > MAX_GRAPH_DEPTH) throw new OnnxProtoError(`subgraphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
  for (const f of fields(buf, g.start, g.end)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) node(buf, f, out, depth);
    else if (f.field === 5) tensor(buf, f, out, top);
    else if (f.field === 15) {
      // SparseTensorProto: values (1) and indices (2) are TensorProtos.
      for (const t of fields(buf, f.start, f.end)) if ((t.field === 1 || t.field === 2) && t.wire === 2) tensor(buf, t, out, false);
    } else if (top && f.field === 11) out.inputs.push(valueInfo(buf, f));
    else if (top && f.field === 12) out.outputs.push(valueInfo(buf, f));
  }
}

/** NodeProto attributes (5) hold tensors (t=5, tensors=10) and subgraphs (g=6, graphs=11): If, Loop, Scan, Constant. */
function node(buf: Uint8Array, n: Field, out: OnnxInspection, depth = 0): void {
  for (const a of fields(buf, n.start, n.end)) {
    if (a.field !== 5 || a.wire !== 2) continue;
    for (const f of fields(buf, a.start, a.end)) {
      if (f.wire !== 2) continue;
      if (f.field === 5 || f.field === 10) tensor(buf, f, out, false);
      else if (f.field === 6 || f.field === 11) graph(buf, f, out, false, depth + 1);
    }
  }
}

/** TensorProto: name (8), external_data (13: key/value pairs), data_location (14: 1 = EXTERNAL). */
function tensor(buf: Uint8Array, t: Field, out: OnnxInspection, initializer: boolean): void {
  let name = '';
  let external = false;
  let location = '';
  for (const f of fields(buf, t.start, t.end)) {
    if (f.field === 8 && f.wire === 2) name = text(buf, f);
    else if (f.field === 14 && f.wire === 0 && f.varint === 1n) external = true;
    else if (f.field === 13 && f.wire === 2) {
      external = true;
      const [key, value] = stringPair(buf, f);
      if (key === 'location') location = value;
    }
  }
  if (initializer) out.initializers.add(name);
  if (external) out.externalData.push({ tensor: name, location });
}

function valueInfo(buf: Uint8Array, v: Field): OnnxValueInfo {
  let name = '';
  let info: Omit<OnnxValueInfo, 'name'> = { kind: 'unknown' };
  for (const f of fields(buf, v.start, v.end)) {
    if (f.field === 1 && f.wire === 2) name = text(buf, f);
    else if (f.field === 2 && f.wire === 2) info = typeProto(buf, f);
  }
  return { name, ...info };
}

const TYPE_KINDS: Record<number, OnnxValueInfo['kind']> = { 4: 'sequence', 5: 'map', 8: 'sparse_tensor', 9: 'optional' };

function typeProto(buf: Uint8Array, t: Field): Omit<OnnxValueInfo, 'name'> {
  for (const f of fields(buf, t.start, t.end)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) {
      let type: string | undefined;
      let shape: Array<number | string> | undefined;
      for (const g of fields(buf, f.start, f.end)) {
        if (g.field === 1 && g.wire === 0) type = ONNX_ELEM_TYPES[Number(g.varint)] ?? `type${g.varint}`;
        else if (g.field === 2 && g.wire === 2) shape = dims(buf, g);
      }
      return { kind: 'tensor', ...(type && { type }), ...(shape && { shape }) };
    }
    const kind = TYPE_KINDS[f.field];
    if (kind) return { kind };
  }
  return { kind: 'unknown' };
}

function dims(buf: Uint8Array, s: Field): Array<number | string> {
  const out: Array<number | string> = [];
  for (const d of fields(buf, s.start, s.end)) {
    if (d.field !== 1 || d.wire !== 2) continue;
    let dim: number | string = -1;
    for (const f of fields(buf, d.start, d.end)) {
      if (f.field === 1 && f.wire === 0) dim = Number(BigInt.asIntN(64, f.varint));
      else if (f.field === 2 && f.wire === 2) dim = text(buf, f);
    }
    out.push(dim);
  }
  return out;
}

function opset(buf: Uint8Array, o: Field): { domain: string; version: number } {
  let domain = '';
  let version = 0;
  for (const f of fields(buf, o.start, o.end)) {
    if (f.field === 1 && f.wire === 2) domain = text(buf, f);
    else if (f.field === 2 && f.wire === 0) version = Number(f.varint);
  }
  return { domain, version };
}

/** StringStringEntryProto: key (1), value (2). */
function stringPair(buf: Uint8Array, p: Field): [string, string] {
  let key = '';
  let value = '';
  for (const f of fields(buf, p.start, p.end)) {
    if (f.field === 1 && f.wire === 2) key = text(buf, f);
    else if (f.field === 2 && f.wire === 2) value = text(buf, f);
  }
  return [key, value];
}

const decoder = new TextDecoder();
function text(buf: Uint8Array, f: Field): string {
  return decoder.decode(buf.subarray(f.start, f.end));
}

/** The fields of one message in [start, end); length-delimited payloads are returned as ranges, not read. */
function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [key, afterKey] = varint(buf, pos, end);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new OnnxProtoError(`field number 0 at byte ${pos}: the bytes are not protobuf`);
    pos = afterKey;
    if (wire === 0) {
      const [value, next] = varint(buf, pos, end);
      yield { field, wire, varint: value, start: pos, end: next };
      pos = next;
    } else if (wire === 2) {
      const [length, next] = varint(buf, pos, end);
      const stop = next + Number(length);
      if (length > BigInt(end - next)) throw new OnnxProtoError(`a field at byte ${pos} runs past the end of its message: the file is truncated or corrupt`);
      yield { field, wire, varint: length, start: next, end: stop };
      pos = stop;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > end) throw new OnnxProtoError('a fixed-size field runs past the end: the file is truncated');
      yield { field, wire, varint: 0n, start: pos, end: pos + size };
      pos += size;
    } else {
      throw new OnnxProtoError(`wire type ${wire} at byte ${pos}: the bytes are not an ONNX model`);
    }
  }
}

function varint(buf: Uint8Array, pos: number, end: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new OnnxProtoError('a number runs past the end: the file is truncated');
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
  throw new OnnxProtoError('a varint longer than 10 bytes: the bytes are not protobuf');
}
