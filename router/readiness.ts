// GET /readiness: 200 while the supergraph is loaded and at least one subgraph answers its
// /health/ready, else 503; the body names each subgraph's state. Subgraphs are asked at most once
// per ROUTER_READINESS_CACHE_MS (concurrent probes share one round), each with a 1 s timeout.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { settings } from './settings.ts';
import { healthUrl, subgraphs } from './subgraphs.ts';

type State = 'up' | 'down';
type Report = { ready: boolean; subgraphs: Record<string, State> };

async function probe(url: string): Promise<State> {
  try {
    const response = await fetch(healthUrl(url), { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

async function check(): Promise<Report> {
  const states = await Promise.all(subgraphs.map(async ({ name, url }) => [name, await probe(url)] as const));
  return { ready: states.some(([, state]) => state === 'up'), subgraphs: Object.fromEntries(states) };
}

let last: { at: number; report: Promise<Report> } | undefined;
function cachedCheck(): Promise<Report> {
  const now = Date.now();
  if (!last || now - last.at >= settings.readinessCacheMs) last = { at: now, report: check() };
  return last.report;
}

// Hive Gateway's own check at the same path answers first (is the supergraph loaded?); its
// answer is then completed with the subgraphs'.
export const useReadiness = (endpoint: string): GatewayPlugin => ({
  onResponse({ request, response, setResponse, fetchAPI }) {
    if (new URL(request.url).pathname !== endpoint) return;
    const supergraphLoaded = response.status === 200;
    return cachedCheck().then((report) => {
      const ready = supergraphLoaded && report.ready;
      const body = {
        status: ready ? 'ok' : 'unavailable',
        supergraph: supergraphLoaded ? 'loaded' : 'not loaded',
        subgraphs: report.subgraphs,
      };
      setResponse(fetchAPI.Response.json(body, { status: ready ? 200 : 503 }));
    });
  },
});
