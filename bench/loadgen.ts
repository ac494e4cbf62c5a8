/**
 * The e2e suite's load generator, a separate process so its MQTT work does not share the service's
 * event loop: a publisher client (the device fleet) and a subscriber client, driven over IPC. The
 * suite runs two of these, so that publishing and receiving at full rate do not share a thread.
 */

import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
import type { AwaitReply, FloodReply, PacedReply, Reply, Request } from './loadgen-protocol.ts';
import { topicFor } from './loadgen-protocol.ts';
import { fleetTelemetry, readingTails, type Telemetry } from './payloads.ts';
import { wallMs } from './stats.ts';

const QOS1: IClientPublishOptions = { qos: 1 };

let pub: MqttClient | undefined;
let sub: MqttClient | undefined;
let traffic: Telemetry = { devices: [], payloads: [] };
const topics: Record<'baseline' | 'telemetry', string[]> = { baseline: [], telemetry: [] };

// Subscriber side: counts since the last `listen`, and latency samples in latency mode.
let filter: string | undefined;
let latencyMode = false;
let received = 0;
let lastAt = 0;
let latenciesMs: number[] = [];
let waiter: { count: number; resolve: () => void } | undefined;
/** Latency mode: device → event ts → when that event was published (only the first per ts). */
let sentAt = new Map<string, Map<number, number>>();
/** Windows closed by (or echoes of) events published before this, the warm-up, are not sampled. */
let measureFrom = Infinity;
let echoWarmupMs = 0;

function onScore(_topic: string, payload: Buffer): void {
  received++;
  lastAt = wallMs();
  if (latencyMode) {
    const body = JSON.parse(payload.toString()) as { key?: string; eventTime?: number; ts?: number };
    let at: number | undefined;
    if (body.eventTime !== undefined) {
      // A score: its closing event was published by this process, which noted when.
      at = sentAt.get(body.key ?? '')?.get(body.eventTime);
    } else {
      // A raw echo from the publisher process: its exact `ts` is the send time (clocks agree to ~10 µs).
      at = body.ts;
      if (at !== undefined && measureFrom === Infinity) measureFrom = at + echoWarmupMs;
    }
    if (at !== undefined && at >= measureFrom) latenciesMs.push(lastAt - at);
  }
  if (waiter && received >= waiter.count) waiter.resolve();
}

async function connect(url: string, role: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId: `bench-${role}-${process.pid}`, clean: true, reconnectPeriod: 0 });
  client.on('error', (err) => process.stderr.write(`loadgen ${role}: ${err.message}\n`));
  return client;
}

function flood(req: Extract<Request, { op: 'flood' }>): Promise<FloodReply> {
  const client = pub!;
  const list = topics[req.topic];
  const end = Math.min(req.from + req.count, traffic.payloads.length);
  const total = end - req.from;
  let next = req.from;
  let inFlight = 0;
  let acked = 0;
  return new Promise((resolve, reject) => {
    const startAt = wallMs();
    const pump = (): void => {
      while (inFlight < req.inFlight && next < end) {
        inFlight++;
        client.publish(list[next]!, traffic.payloads[next]!, QOS1, onAck);
        next++;
      }
    };
    // Refill at half the window: one burst of writes per round trip rather than one write per ack.
    const onAck = (err?: Error): void => {
      if (err) return reject(err);
      inFlight--;
      if (++acked === total) resolve({ startAt, ackedAt: wallMs() });
      else if (inFlight <= req.inFlight >> 1) pump();
    };
    if (total <= 0) resolve({ startAt, ackedAt: startAt });
    else pump();
  });
}

function paced(req: Extract<Request, { op: 'paced' }>): Promise<PacedReply> {
  const client = pub!;
  const total = Math.round(req.ratePerSec * req.seconds);
  const tails = readingTails({ devices: req.devices, count: total });
  const devices = Array.from({ length: req.devices }, (_, d) => `lat-${d + 1}`);
  const fastTopics = devices.map((d) => topicFor.paced(req.level, d));
  const lastTs = new Float64Array(req.devices);
  sentAt = new Map(devices.map((d) => [d, new Map<number, number>()]));
  let i = 0;
  let inFlight = 0;
  let stalls = 0;
  return new Promise((resolve) => {
    const t0 = wallMs();
    measureFrom = t0 + req.warmupSeconds * 1000;
    const finish = (): void => resolve({ published: i, achievedPerSec: i / ((wallMs() - t0) / 1000), stalls });
    const onAck = (): void => {
      inFlight--;
      if (i >= total && inFlight === 0) finish();
    };
    const publishOne = (): void => {
      const d = i % req.devices;
      const at = wallMs();
      const ts = Math.max(lastTs[d]!, req.exactTs ? at : Math.round(at)); // event time must not go backwards per device
      lastTs[d] = ts;
      const sent = sentAt.get(devices[d]!)!;
      if (!sent.has(ts)) sent.set(ts, at);
      inFlight++;
      client.publish(fastTopics[d]!, `{"ts":${ts}${tails[i]!}`, QOS1, onAck);
      i++;
    };
    // A 1 ms timer, not a busy loop: the publisher must not steal the core the service runs on.
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((wallMs() - t0) * req.ratePerSec) / 1000));
      while (i < due) {
        if (inFlight >= req.maxInFlight) {
          stalls++;
          break;
        }
        publishOne();
      }
      if (i < total) setTimeout(tick, 1);
      else if (inFlight === 0) finish();
    };
    tick();
  });
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'connect':
      pub = await connect(req.url, 'pub');
      sub = await connect(req.url, 'sub');
      sub.on('message', onScore);
      if (req.traffic) traffic = fleetTelemetry(req.traffic);
      topics.baseline = traffic.devices.map(topicFor.baseline);
      topics.telemetry = traffic.devices.map(topicFor.telemetry);
      return traffic.payloads.length;
    case 'listen':
      if (filter !== req.filter) {
        if (filter) await sub!.unsubscribeAsync(filter);
        await sub!.subscribeAsync(req.filter, { qos: 1 });
        filter = req.filter;
      }
      latencyMode = req.latency;
      echoWarmupMs = req.echoWarmupMs ?? 0;
      received = 0;
      lastAt = 0;
      latenciesMs = [];
      measureFrom = Infinity;
      return null;
    case 'flood':
      return flood(req);
    case 'paced':
      return paced(req);
    case 'await': {
      if (received < req.count) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, req.timeoutMs);
          waiter = { count: req.count, resolve: () => (clearTimeout(timer), resolve()) };
        });
        waiter = undefined;
      }
      const reply: AwaitReply = { received, lastAt, latenciesMs: latenciesMs.sort((a, b) => a - b) };
      return reply;
    }
    case 'close':
      await Promise.all([pub?.endAsync(), sub?.endAsync()]);
      return null;
  }
}

process.on('message', (msg: Request & { id: number }) => {
  handle(msg).then(
    (value) => send({ id: msg.id, ok: true, value }),
    (err: unknown) => send({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});

function send(reply: Reply): void {
  process.send?.(reply);
}
