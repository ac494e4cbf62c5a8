/** The `streamscore` command: flags, env and config file → a running service; SIGINT/SIGTERM stop it. */

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEMO_CONFIG } from './config/demo.ts';
import { ConfigError, readConfigFile, resolveConfig } from './config/load.ts';
import { AppError } from './errors.ts';
import { passwd } from './ingest/passwd.ts';
import { createService } from './service.ts';

const HELP = `streamscore — score IoT telemetry from MQTT with windowed features and ML models

Usage: streamscore [options]
       streamscore passwd <users-file> <user>   add a broker user (or change its password)

  --config FILE        pipelines and settings (YAML or JSON); default: the built-in demo pipeline
  --mqtt-url URL       use an external broker (mqtt://host:1883, mqtts://…) instead of the embedded one
  --broker-port PORT   port of the embedded MQTT broker (default 1883)
  --broker-users FILE  embedded broker: require logins from this users file (per-device topic ACLs)
  --http-port PORT     HTTP API port (default 8080)
  --http-host HOST     HTTP API address (default 0.0.0.0)
  --data-dir DIR       where state snapshots and uploaded models live (default .data)
  --models-dir DIR     shipped models, <name>/<version>/manifest.json (default: the package's models/)
  --log-level LEVEL    trace, debug, info, warn, error (default info)
  -h, --help           this text

Environment: STREAMSCORE_MQTT_URL, STREAMSCORE_MQTT_USERNAME, STREAMSCORE_MQTT_PASSWORD, STREAMSCORE_HTTP_PORT,
STREAMSCORE_DATA_DIR, STREAMSCORE_TOKENS, LOG_LEVEL.
Flags win over the environment, which wins over the config file.`;

const SHIPPED_MODELS = fileURLToPath(new URL('../models', import.meta.url));

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'passwd') return passwd(argv.slice(1));
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        'mqtt-url': { type: 'string' },
        'broker-port': { type: 'string' },
        'broker-users': { type: 'string' },
        'http-port': { type: 'string' },
        'http-host': { type: 'string' },
        'data-dir': { type: 'string' },
        'models-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`streamscore: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const logger = pino({ level: args['log-level'] ?? process.env.LOG_LEVEL ?? 'info' });
  try {
    const raw: Record<string, any> = args.config ? await readConfigFile(args.config) : structuredClone(DEMO_CONFIG);
    const mqttUrl = args['mqtt-url'] ?? process.env.STREAMSCORE_MQTT_URL;
    const httpPort = args['http-port'] ?? process.env.STREAMSCORE_HTTP_PORT;
    const dataDir = args['data-dir'] ?? process.env.STREAMSCORE_DATA_DIR;
    raw.mqtt = { ...raw.mqtt, ...(mqttUrl && { url: mqttUrl }), ...(args['broker-port'] && { brokerPort: port(args['broker-port'], '--broker-port') }) };
    // Secrets from the environment keep them out of config files and process listings.
    if (args['broker-users']) raw.mqtt.brokerUsers = args['broker-users'];
    if (process.env.STREAMSCORE_MQTT_USERNAME) raw.mqtt.username = process.env.STREAMSCORE_MQTT_USERNAME;
    if (process.env.STREAMSCORE_MQTT_PASSWORD) raw.mqtt.password = process.env.STREAMSCORE_MQTT_PASSWORD;
    raw.http = { ...raw.http, ...(httpPort && { port: port(httpPort, '--http-port') }), ...(args['http-host'] && { host: args['http-host'] }) };
    const tokens = process.env.STREAMSCORE_TOKENS?.split(',').map((t) => t.trim()).filter(Boolean);
    if (tokens?.length) raw.http = { ...raw.http, tokens };
    if (dataDir) raw.dataDir = dataDir;
    if (args['models-dir']) raw.modelsDir = args['models-dir'];
    else raw.modelsDir ??= SHIPPED_MODELS;
    const config = resolveConfig(raw, args.config ?? 'built-in demo config');

    const service = createService({ config, logger });
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      service.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    try {
      await service.start();
    } catch (err) {
      await service.stop().catch(() => undefined);
      throw err;
    }
    return -1; // keep running
  } catch (err) {
    if (err instanceof ConfigError || err instanceof AppError) {
      process.stderr.write(`streamscore: ${err.message}\n`);
      return 1;
    }
    logger.fatal({ err }, 'streamscore failed to start');
    return 1;
  }
}

function port(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError([`${flag}: "${text}" is not a port number (0–65535)`], 'flags');
  return n;
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
