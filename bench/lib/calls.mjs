// A call for the burst: published through GraphQL from calls/ (the Madrid 2008 call, with a
// window from a few seconds from now), its applicants from demo/madrid-2008-call.json, and a
// burst of submissions into it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  graphql,
  minter,
  organisationsByName,
  percentiles,
  pool,
  sampleMemory,
  since,
  subscriptions,
} from './client.mjs';
import { root } from './stack.mjs';

/** The wall-clock time of an instant in a zone, as a call definition writes it. */
const localTime = (instant, timeZone) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(instant)
    .replace(' ', 'T');

/** Publishes a call open for `openSeconds` and waits (pushed by callChanged) for its timer to open it. */
export async function openCall(stack, { openSeconds }) {
  const gql = graphql(stack.apiUrl);
  const mint = minter(stack.secret);
  const orgs = await organisationsByName(gql);
  const org = (name) => {
    const found = orgs.get(name);
    if (!found) throw new Error(`the demo organisation "${name}" is missing: load demo/ first`);
    return found;
  };
  const plan = JSON.parse(readFileSync(join(root, 'demo/madrid-2008-call.json'), 'utf8'));
  const callFile = parse(readFileSync(join(root, 'calls', plan.callFile), 'utf8'));
  const key = `bench-burst-${Date.now()}`;
  const zone = callFile.window.timeZone;
  const opens = new Date(Date.now() + 3000);
  const definition = {
    ...callFile,
    key,
    name: `${callFile.name} (bench burst)`,
    window: {
      opens: localTime(opens, zone),
      closes: localTime(new Date(opens.getTime() + openSeconds * 1000), zone),
      timeZone: zone,
    },
  };
  const issuer = org(plan.issuer);
  await gql(
    'mutation($i: PublishCallInput!) { publishCall(input: $i) { key } }',
    { i: { definition: stringify(definition), issuerOrganisationId: issuer.id } },
    mint({ sub: 'bench-issuer', org: issuer.id, roles: ['org-admin'] }),
  );
  // The subscription is closed before the burst: a callChanged subscriber is pushed the call,
  // with its list, on every submission.
  const subs = subscriptions(stack.apiUrl);
  try {
    await subs.until(
      'subscription($k: String!) { callChanged(key: $k) { status } }',
      { k: key },
      (c) => c.status === 'OPEN',
      async () => (await gql('query($k: String!) { call(key: $k) { status } }', { k: key })).call,
      { timeoutMs: 60_000, settleMs: 4000 },
    );
  } finally {
    await subs.dispose();
  }
  const documents = (callFile.requiredDocuments ?? []).map((documentType) => ({
    documentType,
    uri: `https://docs.example.org/bench/${documentType}.pdf`,
  }));
  const submissions = plan.applications.map((a) => ({
    token: mint({ sub: `bench-${a.applicant}`, org: org(a.applicant).id, roles: ['member'] }),
    input: {
      callKey: key,
      applicantOrganisationId: org(a.applicant).id,
      sector: a.sector,
      countryOfOrigin: a.countryOfOrigin,
      objective: callFile.objectives[0],
      implementingNgoOrganisationId: org(a.implementingNgo).id,
      totalAmount: a.totalAmount,
      requestedAmount: a.requestedAmount,
      documents,
    },
  }));
  return { key, gql, submissions };
}

/** `total` submissions into the call, `concurrency` at a time, sampling the processes' memory. */
export async function burst(stack, call, { total, concurrency }) {
  const SUBMIT =
    'mutation($i: SubmitCallApplicationInput!) { submitCallApplication(input: $i) { id } }';
  const ids = [];
  const errors = [];
  const latencies = [];
  const memory = sampleMemory({
    api: stack.pids.api,
    worker: stack.pids.worker,
    temporal: stack.pids.temporal,
  });
  const startedAt = new Date(Date.now() - 5000);
  const seconds = await pool(concurrency, total, async (i) => {
    const { token, input } = call.submissions[i % call.submissions.length];
    const t = process.hrtime.bigint();
    try {
      const d = await call.gql(SUBMIT, { i: { ...input, title: `Burst ${i}` } }, token);
      latencies.push(since(t));
      ids.push(d.submitCallApplication.id);
    } catch (e) {
      errors.push(e);
    }
  });
  return {
    ids,
    errors,
    seconds,
    perSecond: ids.length / seconds,
    p: percentiles(latencies),
    memory: memory.stop(),
    startedAt,
  };
}
