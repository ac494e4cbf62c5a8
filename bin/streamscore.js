#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: one code path for the service and its tests.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
