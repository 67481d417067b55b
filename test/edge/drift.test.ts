import { describe, expect, test } from 'vitest';
import { classify } from '../../src/index.js';
import { onSimulator } from './setup.js';

describe('a later API version', () => {
  test('an active hostname with unknown status values and extra fields parses and classifies as unknown', async () => {
    const { sim, saas } = onSimulator();
    sim.setFallbackOrigin('proxy-fallback.saasprovider.com');
    sim.seedHostnames(1);
    const id = sim.hostnames()[0]?.id ?? '';
    sim.faults.inject({ kind: 'drift' });

    const host = await saas.customHostnames.get(id);

    expect(host.status).toBe('some_future_status');
    expect(host.ssl?.status).toBe('some_future_status');
    expect(host.ssl?.method).toBe('some_future_method');
    expect((host as Record<string, unknown>).some_future_field).toEqual({
      added_in: 'a later API version',
      values: [1, 'two', null],
    });
    expect(classify(host)).toMatchObject({ state: 'unknown', status: 'some_future_status' });
    expect(sim.faults.pending).toBe(0);
  });

  test('a drifted list page parses too', async () => {
    const { sim, saas } = onSimulator();
    sim.seedHostnames(3);
    sim.faults.inject({ kind: 'drift', method: 'GET' });

    const page = await saas.customHostnames.list();

    expect(page.result.map((h) => h.status)).toEqual([
      'some_future_status',
      'some_future_status',
      'some_future_status',
    ]);
  });
});
