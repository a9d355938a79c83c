// The browser page at /graphql (Hive Laboratory, about 21 MB of HTML and script): opened on the
// quick start of docs/getting-started.md, compressed once with brotli or gzip when first asked for, and served
// from memory after that.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { renderLaboratory } from '@graphql-hive/render-laboratory';

const SIGN_UP = `# Quick start, step 1 of 3 (see docs/getting-started.md): sign up,
# then copy the token from the answer.
mutation SignUp {
  signUp(input: {email: "ada@example.com", password: "a long passphrase", fullName: "Ada Lovelace"}) {
    token
  }
}`;
const CREATE = `# Step 2: put the token in the Headers tab below,
#   {"Authorization": "Bearer <token>"}
# and create an application.
mutation CreateApplication {
  createApplication(input: {company: "Analytical Engines", position: "Programmer", status: APPLIED}) {
    id
  }
}`;
const LIST = `# Step 3: your applications, one operation across the users and applications subgraphs.
query MyApplications {
  me {
    fullName
    applications(filter: {status: APPLIED, query: "engine"}, first: 20) {
      totalCount
      edges { node { id company position status statusHistory { toStatus changedAt } } }
    }
  }
}`;

const operations = [
  { id: 'quick-start-sign-up', name: 'Sign up', query: SIGN_UP },
  { id: 'quick-start-create', name: 'Create an application', query: CREATE },
  { id: 'quick-start-list', name: 'My applications', query: LIST },
].map((operation) => ({ ...operation, variables: '', headers: '', extensions: '' }));
const tabs = operations.map(({ id, name }) => ({ id: `tab-${id}`, type: 'operation', data: { id, name } }));

// The Laboratory keeps its operations and tabs in localStorage; a browser that has none yet (a
// first visit) gets the quick start's, and later visits keep what the person did since.
const seed = `<script>
(() => {
  const key = (name) => 'hive-laboratory:' + name;
  if (localStorage.getItem(key('operations'))) return;
  localStorage.setItem(key('operations'), ${JSON.stringify(JSON.stringify(operations))});
  localStorage.setItem(key('tabs'), ${JSON.stringify(JSON.stringify(tabs))});
  localStorage.setItem(key('activeTabId'), ${JSON.stringify(JSON.stringify(tabs[0].id))});
})();
</script>`;

const page = () => renderLaboratory({ title: 'Job Tracker' }).replace('</head>', `${seed}</head>`);

const compressors = {
  br: () =>
    promisify(brotliCompress)(page(), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    }),
  gzip: () => promisify(gzip)(page(), { level: 6 }),
  identity: async () => Buffer.from(page()),
};
type Encoding = keyof typeof compressors;
const cache = new Map<Encoding, Promise<Buffer>>();

function encodingFor(request: Request): Encoding {
  const accepted = (request.headers.get('accept-encoding') ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => q?.trim() !== 'q=0')
    .map(([name]) => name.trim().toLowerCase());
  return accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : 'identity';
}

export const wantsPage = (request: Request, url: URL, endpoint: string) =>
  request.method === 'GET' &&
  url.pathname === endpoint &&
  !url.searchParams.has('query') &&
  (request.headers.get('accept') ?? '').includes('text/html');

export const useLaboratory = (endpoint: string): GatewayPlugin => ({
  onRequest({ request, url, endResponse, fetchAPI }) {
    if (!wantsPage(request, url, endpoint)) return;
    const encoding = encodingFor(request);
    if (!cache.has(encoding)) cache.set(encoding, compressors[encoding]());
    return cache.get(encoding)!.then((body) => {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', vary: 'Accept-Encoding' };
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      endResponse(new fetchAPI.Response(body, { status: 200, headers }));
    });
  },
});
