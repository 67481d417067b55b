import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { envelope, HOST_ID, hostname, recordingClock, scriptedFetch, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

// A signal aborted after the attempt's first check (here from hooks.onRequest, which runs
// after it) fires no later 'abort' event: the call must still see it, and send nothing.
it('a signal aborted after the pre-send check but before fetch still stops the call', async () => {
  const ac = new AbortController();
  const f = scriptedFetch(envelope(hostname()));
  const saas = new CloudflareSaaS({
    apiToken: TOKEN,
    zoneId: ZONE,
    fetch: f.fetch,
    clock: recordingClock(),
    rateLimit: false,
    hooks: { onRequest: () => ac.abort(new Error('user cancelled')) },
  });
  const outcome = await saas.customHostnames.get(HOST_ID, { signal: ac.signal }).then(
    () => 'resolved',
    (e: Error) => e.name,
  );
  expect({ outcome, requests: f.requests.length }).toEqual({ outcome: 'AbortError', requests: 0 });
});
