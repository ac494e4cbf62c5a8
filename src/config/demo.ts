/** The built-in demo config: what `npm start` runs with no --config (same as config/demo.yaml). */

export const DEMO_CONFIG = {
  pipelines: [
    {
      name: 'motor-health',
      source: { topic: 'devices/+/telemetry', key: 'topic[1]', time: '$.ts' },
      window: { type: 'sliding', size: '30s', every: '5s' },
      features: {
        temperature: ['count', 'mean', 'std', 'min', 'max', 'last'],
        vibration: ['count', 'mean', 'std', 'min', 'max', 'last'],
        current: ['count', 'mean', 'std', 'min', 'max', 'last'],
      },
      model: { name: 'motor-health', version: 'active' },
      emit: {
        scores: 'streamscore/scores/{pipeline}/{key}',
        anomalies: { topic: 'streamscore/anomalies/{pipeline}/{key}', threshold: 0.8 },
      },
    },
  ],
};
