import type { CloudflareSaaSEnv } from 'cloudflare-custom-hostnames';
import type { DurableObjectNamespace } from './runtime.js';

/**
 * Bindings: the Worker's bearer token, the API credentials and zone (secrets / vars in
 * wrangler.toml), the Durable Object namespace, and optional tuning.
 */
export interface Env extends CloudflareSaaSEnv {
  /** The bearer token callers of the Worker send (a secret). */
  ADMIN_TOKEN: string;
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ZONE_ID: string;
  CLOUDFLARE_CNAME_TARGET: string;
  /** The fleet's Durable Object namespace (class FleetPoller). */
  FLEET: DurableObjectNamespace;
  /** Stop watching a hostname after this many ms (default: the end of Cloudflare's 7-day schedule). */
  POLL_DEADLINE_MS?: string;
  /** `auto` (default): diagnose the customer's DNS and ask Cloudflare to check again once it is right; `never`. */
  POLL_RECHECK?: string;
  /** With `auto`: how often to diagnose a waiting hostname, ms (default 300000, also when not a number ≥ 1000). */
  POLL_DIAGNOSE_INTERVAL_MS?: string;
  /** DNS-over-HTTPS endpoint for the diagnosis (default Cloudflare's). */
  DOH_RESOLVER?: string;
}
