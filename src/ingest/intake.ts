/**
 * Intake control on an MQTT.js client: PUBACKs after durability, backpressure, snapshot pauses and
 * shutdown. A QoS 1 message is acknowledged only once accepted (processed and journaled) and its
 * journal record is durable; while paused or stopped it is not acknowledged at all.
 */

import type { MqttClient } from 'mqtt';

/** Where accepted messages are made durable before their PUBACK (the write-ahead log). */
export interface Journal {
  append(topic: string, payload: Buffer, receivedAt: number): number;
  /** Every record up to this sequence number is on disk. */
  readonly durable: number;
  onDurable(listener: (durable: number) => void): void;
}

export interface IntakeOptions {
  journal?: Journal;
  now(): number;
  /** Processes an accepted message (routing to the pipelines). */
  accept(topic: string, payload: Buffer, receivedAt: number): void;
}

export interface Intake {
  setFlowControl(busy: () => boolean, onWait: () => void): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

export function createIntake(client: MqttClient, opts: IntakeOptions): Intake {
  const { journal, now } = opts;
  // PUBACK after durability, without stalling MQTT.js: it handles one packet at a time, so holding
  // handleMessage until an fsync would cost one fsync per message. Instead the PUBACK packet itself
  // waits (MQTT.js reads on) and is released in order once the journal's group commit covers it.
  // The broker's in-flight window (max_inflight_messages) bounds how many wait at once. A PUBACK
  // from an earlier connection is dropped: the broker redelivers that message (MQTT 3.1.1 §4.4).
  let epoch = 0;
  let intake: 'open' | 'paused' | 'stopped' = 'open';
  type Entry = { seq: number; epoch: number; packet?: { cmd: string; messageId?: number } };
  const inflight = new Map<number, Entry>();
  const waiting: Entry[] = [];
  const parked: Array<{ topic: string; payload: Buffer; receivedAt: number; entry?: Entry }> = [];
  const internals = client as unknown as { _sendPacket: SendPacket };
  const send = internals._sendPacket.bind(client) as SendPacket;
  const durable = (): number => (journal ? journal.durable : Infinity);
  const release = (): void => {
    while (waiting.length > 0 && waiting[0]!.seq <= durable()) {
      const w = waiting.shift()!;
      if (w.epoch === epoch) send(w.packet!);
    }
  };
  internals._sendPacket = (packet, cb, ...rest) => {
    if (packet.cmd === 'puback' && packet.messageId !== undefined) {
      const entry = inflight.get(packet.messageId);
      inflight.delete(packet.messageId);
      if (entry && entry.epoch !== epoch) return cb?.();
      if (entry && entry.seq > durable()) {
        entry.packet = packet;
        waiting.push(entry);
        return cb?.();
      }
    }
    send(packet, cb, ...rest);
  };
  journal?.onDurable(release);
  client.on('close', () => {
    epoch++;
    waiting.length = 0;
    inflight.clear();
    parked.length = 0; // unacknowledged: the broker redelivers them
  });

  const accept = (topic: string, payload: Buffer, receivedAt: number, entry: Entry | undefined): void => {
    const seq = journal ? journal.append(topic, payload, receivedAt) : 0;
    if (entry) entry.seq = seq;
    opts.accept(topic, payload, receivedAt);
  };
  client.on('message', (topic, payload, packet) => {
    // Not yet accepted: a parked or refused message's PUBACK waits (seq ∞) until accept() numbers it.
    const entry = packet.qos === 1 && packet.messageId !== undefined ? { seq: Infinity, epoch } : undefined;
    if (entry) inflight.set(packet.messageId!, entry);
    if (intake === 'stopped') return;
    if (intake === 'paused') parked.push({ topic, payload, receivedAt: now(), ...(entry && { entry }) });
    else accept(topic, payload, now(), entry);
  });

  let busy = (): boolean => false;
  let onWait = (): void => undefined;
  client.handleMessage = (_packet, callback) => {
    if (intake !== 'open' || !busy()) return callback();
    onWait();
    const poll = (): void => {
      if (intake !== 'open' || !busy()) callback();
      else setTimeout(poll, 2);
    };
    setTimeout(poll, 2);
  };

  return {
    setFlowControl(isBusy, wait) {
      busy = isBusy;
      onWait = wait;
    },
    pause() {
      if (intake === 'open') intake = 'paused';
    },
    resume() {
      if (intake !== 'paused') return;
      intake = 'open';
      for (const m of parked.splice(0)) accept(m.topic, m.payload, m.receivedAt, m.entry);
      release();
    },
    stop() {
      intake = 'stopped';
      parked.length = 0;
    },
  };
}
