/** The contract scenarios against a real OpenClaw gateway (openclaw-lab), plus what only a real one does. */
import {inject} from 'vitest';
import {gatewayContract} from '../contract/scenarios.js';
import {labGateway} from './lab.js';

const gateway = labGateway(inject('lab'));

// A real gateway takes seconds to restart and its runs go through a model: generous bounds.
gatewayContract('OpenClaw gateway', () => gateway, 180_000);
