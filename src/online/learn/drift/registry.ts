/** The drift-detector registry: name → factory, default params and summary. */

import { adwin } from './adwin.ts';
import type { DetectorSpec } from './detector.ts';
import { kswin } from './kswin.ts';
import { pageHinkley } from './page-hinkley.ts';

export const DETECTORS: Record<string, DetectorSpec> = { adwin, pageHinkley, kswin };
