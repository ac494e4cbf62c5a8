/** `npm run simulate`: publishes the simulated fleet to an MQTT broker in real time (the shell around fleet.ts). */

import mqtt, { type MqttClient } from 'mqtt';
import { formatDuration } from '../config/duration.ts';
import { parseSimulateArgs, SIMULATE_HELP, type SimulateArgs } from './args.ts';
import { createFleet, type DevicePlan } from './fleet.ts';

const CONNECT_TIMEOUT_MS = 5_000;
const PROGRESS_EVERY_MS = 5_000;
const RECONNECT_MS = 1_000;

const seconds = (ms: number): string => `${Math.round(ms / 1000)}s`;

function describePlan(plan: readonly DevicePlan[], startTs: number): string {
  const faulty = plan.filter((p) => p.fault !== null);
  if (faulty.length === 0) return 'no faults';
  return faulty
    .map((p) => `${p.id} ${p.fault}${p.field ? `(${p.field})` : ''} at +${seconds(p.onsetTs! - startTs)}`)
    .join(', ');
}

/** Resolves once connected; rejects with a readable reason after CONNECT_TIMEOUT_MS or on refusal. */
function connect(url: string, seed: number): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clientId: `streamscore-sim-${seed}-${process.pid}`,
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectPeriod: 0, // fail fast on the first attempt; reconnection is switched on once connected
    });
    const give = (why: string): void => {
      clearTimeout(timer);
      client.end(true);
      reject(new Error(`cannot reach the MQTT broker at ${url}: ${why}`));
    };
    const timer = setTimeout(() => give(`no answer within ${seconds(CONNECT_TIMEOUT_MS)}`), CONNECT_TIMEOUT_MS);
    client.once('error', (err) => give(err.message || (err as { code?: string }).code || 'error'));
    client.once('close', () => give('connection closed'));
    client.once('connect', () => {
      clearTimeout(timer);
      client.removeAllListeners('error').removeAllListeners('close');
      client.options.reconnectPeriod = RECONNECT_MS;
      resolve(client);
    });
  });
}

async function run(args: SimulateArgs): Promise<void> {
  const client = await connect(args.url, args.seed);
  // Real time: the fleet's clock starts now and each event goes out when its timestamp comes due,
  // so the payload ts is the wall-clock time of publishing (within a timer tick).
  const startTs = Date.now();
  const fleet = createFleet({
    devices: args.devices,
    ratePerSec: args.ratePerSec,
    startTs,
    seed: args.seed,
    faults: args.faults,
    faultFraction: args.faultFraction,
    faultOnset: args.faultOnset,
  });
  const endTs = args.durationMs === undefined ? Infinity : startTs + args.durationMs;
  console.log(
    `simulate: ${args.devices} pumps × ${args.ratePerSec}/s → ${args.url} (QoS ${args.qos}, seed ${args.seed}, ` +
      `${args.durationMs === undefined ? 'until Ctrl-C' : `for ${formatDuration(args.durationMs)}`}); ${describePlan(fleet.plan, startTs)}`,
  );

  let sent = 0;
  let acked = 0;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  client.on('error', (err) => console.error(`simulate: mqtt error: ${err.message}`));
  client.on('offline', () => console.error('simulate: broker offline, reconnecting (QoS ≥ 1 messages are queued)'));

  const progress = setInterval(() => {
    const active = fleet.plan.filter((p) => p.onsetTs !== null && p.onsetTs <= Date.now()).length;
    console.log(`simulate: +${seconds(Date.now() - startTs)} sent ${sent}, acked ${acked}${failed ? `, failed ${failed}` : ''}; faults active on ${active} device(s)`);
  }, PROGRESS_EVERY_MS);

  const done = new Promise<void>((resolve) => {
    const stop = async (why: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      clearInterval(progress);
      await client.endAsync(); // waits for in-flight QoS 1/2 acks
      console.log(`simulate: ${why} after ${seconds(Date.now() - startTs)}; sent ${sent}, acked ${acked}${failed ? `, failed ${failed}` : ''}`);
      resolve();
    };
    process.once('SIGINT', () => {
      process.once('SIGINT', () => process.exit(130)); // a second Ctrl-C does not wait for acks
      void stop('stopped');
    });

    const tick = (): void => {
      const now = Date.now();
      for (const e of fleet.until(Math.min(now, endTs))) {
        sent++;
        client.publish(e.topic, JSON.stringify(e.payload), { qos: args.qos }, (err) => (err ? failed++ : acked++));
      }
      if (now >= endTs || fleet.peekTs() > endTs) {
        void stop('done');
        return;
      }
      timer = setTimeout(tick, Math.max(0, fleet.peekTs() - Date.now()));
    };
    tick();
  });
  await done;
}

async function main(): Promise<void> {
  const args = parseSimulateArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(SIMULATE_HELP);
    return;
  }
  await run(args);
}

main().catch((err: unknown) => {
  console.error(`simulate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
