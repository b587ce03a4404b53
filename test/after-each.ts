/** vitest `setupFiles`: after each test, stop and remove what it started (test/cleanups.ts says why here). */
import {afterEach} from 'vitest';
import {runCleanups} from './cleanups.js';

afterEach(runCleanups);
